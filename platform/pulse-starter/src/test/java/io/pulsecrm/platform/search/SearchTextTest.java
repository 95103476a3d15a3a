package io.pulsecrm.platform.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class SearchTextTest {

    @Test
    void foldsCaseAccentsAndSpaces() {
        assertThat(SearchText.fold("  Émilie   DÛPONT ")).isEqualTo("emilie dupont");
        assertThat(SearchText.fold("Straße Øresund")).isEqualTo("strasse oresund");
        assertThat(SearchText.fold("Ёлка Йошкар")).as("Cyrillic letters fold like Latin ones").isEqualTo("елка иошкар");
        assertThat(SearchText.fold("   ")).isNull();
        assertThat(SearchText.fold(null)).isNull();
    }

    @Test
    void wordSuffixesLetAnyWordStartAMatch() {
        assertThat(SearchText.wordSuffixes("Acme  Renewal 2025", 10))
                .containsExactly("acme renewal 2025", "renewal 2025", "2025");
        assertThat(SearchText.wordSuffixes("a b c d", 2)).containsExactly("a b c d", "b c d");
        assertThat(SearchText.wordSuffixes(" ", 10)).isEmpty();
    }

    @Test
    void prefixRegexMatchesOnlyFromTheStartAndEscapesEverything() {
        String regex = SearchText.prefixRegex("a.b (c)*");
        assertThat(Pattern.compile(regex).matcher("a.b (c)* and more").find()).isTrue();
        assertThat(Pattern.compile(regex).matcher("axb (c)").find()).isFalse();
        assertThat(Pattern.compile(regex).matcher("x a.b (c)*").find()).isFalse();
    }
}
