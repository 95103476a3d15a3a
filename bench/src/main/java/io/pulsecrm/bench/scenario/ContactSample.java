package io.pulsecrm.bench.scenario;

/**
 * The contact every scenario writes, API or baseline, so that they store comparable documents.
 * Numbered per operation, and tagged per bench run so that a second run's emails do not collide with
 * the first's (the contacts service may well reject duplicate emails).
 */
public record ContactSample(String firstName, String lastName, String email) {

    /** Base 36 of the start time: short, and different for every run. */
    private static final String RUN_TAG = Long.toString(System.currentTimeMillis(), Character.MAX_RADIX);

    public static ContactSample numbered(long sequence) {
        String n = RUN_TAG + "-" + sequence;
        return new ContactSample("Ada", "Lovelace-" + n, "ada" + n + "@example.com");
    }
}
