package io.pulsecrm.automation.calls;

/** The services rules act through, and which serves which record type. */
public enum Target {
    CONTACTS, DEALS, TASKS;

    public static Target serving(String recordType) {
        return switch (recordType) {
            case "contact", "company" -> CONTACTS;
            case "deal" -> DEALS;
            case "task" -> TASKS;
            default -> throw new IllegalArgumentException("no service for " + recordType + " records");
        };
    }

    /** The API path of a record: {@code /api/contacts/{id}}, {@code /api/companies/{id}}, ... */
    public static String pathOf(String recordType, String id) {
        String collection = switch (recordType) {
            case "company" -> "companies";
            default -> recordType + "s";
        };
        return "/api/" + collection + "/" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8);
    }

    public String breakerName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
