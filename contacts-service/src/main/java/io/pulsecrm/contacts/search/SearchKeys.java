package io.pulsecrm.contacts.search;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Case- and accent-insensitive keys for prefix search: stored beside the record and compared with an anchored
 * regex, so the store needs no {@code $text} and no collation (the embedded store supports neither).
 */
public final class SearchKeys {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern PHONE_LIKE = Pattern.compile("^\\+?[0-9 ()./-]{3,}$");

    private SearchKeys() {
    }

    /** Lower case, accents removed, inner whitespace collapsed; null for null or blank. */
    public static String normalize(String value) {
        if (value == null) {
            return null;
        }
        String folded = MARKS.matcher(Normalizer.normalize(value, Normalizer.Form.NFD)).replaceAll("");
        String key = SPACES.matcher(folded.toLowerCase(Locale.ROOT).strip()).replaceAll(" ");
        // a few letters have no decomposition
        key = key.replace("ß", "ss").replace("ø", "o").replace("æ", "ae").replace("œ", "oe").replace("ł", "l").replace("đ", "d");
        return key.isEmpty() ? null : key;
    }

    /** Digits of a phone number (the key under which phones are searched). */
    public static String digits(String phone) {
        return phone == null ? null : phone.replaceAll("[^0-9]", "");
    }

    /** The search key a query term is compared with: digits for phone-like input, else {@link #normalize}. */
    public static String queryKey(String q) {
        if (q == null) {
            return null;
        }
        String stripped = q.strip();
        if (PHONE_LIKE.matcher(stripped).matches() && stripped.chars().filter(Character::isDigit).count() >= 3) {
            return digits(stripped);
        }
        return normalize(stripped);
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
