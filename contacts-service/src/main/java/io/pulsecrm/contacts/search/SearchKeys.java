package io.pulsecrm.contacts.search;

import java.util.regex.Pattern;

import io.pulsecrm.platform.search.SearchText;

/**
 * The contacts' search keys: folded text ({@link SearchText}) for names, emails and companies, digits for phones.
 */
public final class SearchKeys {

    private static final Pattern PHONE_LIKE = Pattern.compile("^\\+?[0-9 ()./-]{3,}$");

    private SearchKeys() {
    }

    /** Lower case, accents removed, inner whitespace collapsed; null for null or blank. */
    public static String normalize(String value) {
        return SearchText.fold(value);
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
        return SearchText.prefixRegex(key);
    }
}
