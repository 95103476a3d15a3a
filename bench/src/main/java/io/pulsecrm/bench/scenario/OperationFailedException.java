package io.pulsecrm.bench.scenario;

/**
 * One operation did not succeed (e.g. an unexpected status code). Counted as an error; its message is
 * grouped with the same messages in the report, so keep it free of per-request details.
 */
public final class OperationFailedException extends Exception {

    public OperationFailedException(String message) {
        super(message, null, false, false); // thrown at load, keep it cheap: no stack trace
    }
}
