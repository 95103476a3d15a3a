package io.pulsecrm.platform.search;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Case- and accent-insensitive prefix search without {@code $text} or collations (the embedded store supports neither):
 * a record stores folded keys beside its fields, and a query term, folded the same way, is compared with an escaped,
 * anchored regex. On MongoDB an anchored, case-sensitive regex on an indexed field is an index range scan.
 */
public final class SearchText {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private SearchText() {
    }

    /** Lower case, accents removed, inner whitespace collapsed; null for null or blank. */
    public static String fold(String value) {
        if (value == null) {
            return null;
        }
        String folded = MARKS.matcher(Normalizer.normalize(value, Normalizer.Form.NFD)).replaceAll("");
        String key = SPACES.matcher(folded.toLowerCase(Locale.ROOT).strip()).replaceAll(" ");
        // a few letters have no decomposition
        key = key.replace("ß", "ss").replace("ø", "o").replace("æ", "ae").replace("œ", "oe").replace("ł", "l").replace("đ", "d");
        return key.isEmpty() ? null : key;
    }

    /**
     * The folded text from each of its first {@code maxWords} words to its end ({@code "Acme renewal 2025"} →
     * {@code acme renewal 2025}, {@code renewal 2025}, {@code 2025}), so a prefix of any word finds it, and a
     * query of several words finds it when they follow each other. Empty for null or blank text.
     */
    public static List<String> wordSuffixes(String value, int maxWords) {
        String folded = fold(value);
        List<String> keys = new ArrayList<>();
        if (folded == null) {
            return keys;
        }
        int start = 0;
        while (start >= 0 && keys.size() < maxWords) {
            keys.add(folded.substring(start));
            int space = folded.indexOf(' ', start);
            start = space < 0 ? -1 : space + 1;
        }
        return keys;
    }

    /** An anchored regex matching keys that start with {@code key}; every metacharacter is escaped. */
    public static String prefixRegex(String key) {
        StringBuilder regex = new StringBuilder("^");
        for (char c : key.toCharArray()) {
            if ("\\^$.|?*+()[]{}-/".indexOf(c) >= 0) {
                regex.append('\\');
            }
            regex.append(c);
        }
        return regex.toString();
    }
}
