package io.pulsecrm.contacts.imports;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** ISO 3166 codes of countries written by name in a file, in English or Russian ({@code Russia}, {@code Россия}). */
final class Countries {

    private static final Map<String, String> BY_NAME = new HashMap<>();

    static {
        for (String code : Locale.getISOCountries()) {
            Locale country = Locale.of("", code);
            BY_NAME.put(ImportColumns.key(country.getDisplayCountry(Locale.ENGLISH)), code);
            BY_NAME.put(ImportColumns.key(country.getDisplayCountry(Locale.of("ru"))), code);
        }
        // names exports use that the locale data does not
        Map.of("usa", "US", "unitedstatesofamerica", "US", "uk", "GB", "greatbritain", "GB", "england", "GB",
                "russianfederation", "RU", "рф", "RU", "российскаяфедерация", "RU", "грузия", "GE", "сакартвело", "GE")
                .forEach(BY_NAME::put);
    }

    private Countries() {
    }

    /** The ISO code of a country name, the value itself when it is no name Pulse knows (the normaliser checks codes). */
    static String code(String value) {
        if (value == null) {
            return null;
        }
        String code = BY_NAME.get(ImportColumns.key(value));
        return code != null ? code : value;
    }
}
