package io.pulsecrm.bench.scenario;

/** The scenario cannot run at all: its target is down or refuses it. The message says what to do. */
public final class ScenarioUnavailableException extends RuntimeException {

    public ScenarioUnavailableException(String message) {
        super(message);
    }

    public ScenarioUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
