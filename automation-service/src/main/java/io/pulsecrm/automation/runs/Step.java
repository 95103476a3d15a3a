package io.pulsecrm.automation.runs;

import java.time.Instant;
import java.util.Locale;

/**
 * One executed action of a run. Its {@code input} (assignee chosen, due time, rendered texts) is fixed and
 * stored before the action has any effect, so a retried step sends exactly the same request under the same
 * idempotency key ({@code <runId>:<index>}).
 */
public class Step {

    public enum Status {
        RUNNING, WAITING, DONE, FAILED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private int index;
    private String address;
    private String action;
    private Status status;
    private String input;
    private String output;
    private String error;
    /** Whether the failure is a refusal (4xx) rather than an outage: a retry then prepares the step anew. */
    private boolean refused;
    private int attempts;
    private Instant startedAt;
    private Instant finishedAt;
    private Instant waitingUntil;

    protected Step() {
    }

    Step(int index, String address, String action, String input, Instant now) {
        this.index = index;
        this.address = address;
        this.action = action;
        this.status = Status.RUNNING;
        this.input = input;
        this.startedAt = now;
    }

    void done(String output, Instant now) {
        this.status = Status.DONE;
        this.output = output;
        this.error = null;
        this.finishedAt = now;
        this.waitingUntil = null;
    }

    void waiting(Instant until) {
        this.status = Status.WAITING;
        this.waitingUntil = until;
    }

    void resumed() {
        this.status = Status.RUNNING;
    }

    void failed(String error, boolean refused, int attempts, Instant now) {
        this.status = Status.FAILED;
        this.error = error;
        this.refused = refused;
        this.attempts += attempts;
        this.finishedAt = now;
    }

    void retry() {
        this.status = Status.RUNNING;
        this.finishedAt = null;
    }

    void attempted(int attempts) {
        this.attempts += attempts;
    }

    public int getIndex() {
        return index;
    }

    public String getAddress() {
        return address;
    }

    public String getAction() {
        return action;
    }

    public Status getStatus() {
        return status;
    }

    public String getInput() {
        return input;
    }

    public String getOutput() {
        return output;
    }

    public String getError() {
        return error;
    }

    public boolean isRefused() {
        return refused;
    }

    public int getAttempts() {
        return attempts;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Instant getFinishedAt() {
        return finishedAt;
    }

    public Instant getWaitingUntil() {
        return waitingUntil;
    }
}
