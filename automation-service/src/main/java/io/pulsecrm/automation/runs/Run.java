package io.pulsecrm.automation.runs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.pulsecrm.automation.triggers.RecordRef;
import io.pulsecrm.automation.triggers.TriggerEvent;
import io.pulsecrm.platform.aggregate.StateConflictException;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;
import tools.jackson.databind.json.JsonMapper;

/**
 * One execution of one rule revision for one triggering event: the durable state machine of its steps. Its id is
 * {@code <ruleId>:<eventId>}, so a redelivered event or a second replica can never start a second run of the same
 * rule for the same event (the insert fails). Changes are saved conditionally on {@code version}; the replica
 * executing it holds a lease ({@code leaseUntil}) taken with an atomic update.
 */
@Document(Run.COLLECTION)
public class Run {

    public static final String COLLECTION = "runs";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The triggering event as the run keeps it (data as JSON text: its keys are not ours to put in a document). */
    public record TriggerInfo(String eventId, String type, String source, String subject, Instant time, String actor,
                              String correlationId, String causationId, String data) {

        public TriggerEvent event() {
            return new TriggerEvent(eventId, type, source, subject, time, actor, correlationId, causationId,
                    JSON.readTree(data));
        }
    }

    @Id
    private String id;
    @Version
    private Long version;
    private String ruleId;
    private int ruleRevision;
    private String ruleName;
    private String ruleTeam;
    private TriggerInfo trigger;
    private String recordType;
    private String recordId;
    private String ownerId;
    /** 1 for a run of an event no automation caused; each run an automation effect caused is one deeper. */
    private int depth;
    private RunStatus status;
    private String reason;
    /** Address of the next action to start ({@link io.pulsecrm.automation.rules.Program}); null when none is left. */
    private String next;
    private List<Step> steps = new ArrayList<>();
    private Instant resumeAt;
    private Instant leaseUntil;
    private String leaseOwner;
    private int retries;
    private Instant createdAt;
    private Instant updatedAt;
    private Instant finishedAt;

    protected Run() {
    }

    public static String idOf(String ruleId, String eventId) {
        return ruleId + ":" + eventId;
    }

    /**
     * A new run, pending; or stopped at once with the reason when the loop guard refuses its depth.
     *
     * @param stopReason null to run it
     */
    public static Run start(String ruleId, int revision, String ruleName, String ruleTeam, TriggerEvent event,
                            RecordRef record, int depth, String first, String stopReason, Instant now) {
        Run run = new Run();
        run.id = idOf(ruleId, event.id());
        run.ruleId = ruleId;
        run.ruleRevision = revision;
        run.ruleName = ruleName;
        run.ruleTeam = ruleTeam;
        run.trigger = new TriggerInfo(event.id(), event.type(), event.source(), event.subject(), event.time(),
                event.actor(), event.correlationId(), event.causationId(), JSON.writeValueAsString(event.data()));
        run.recordType = record == null ? null : record.type();
        run.recordId = record == null ? null : record.id();
        run.ownerId = record == null ? null : record.ownerId();
        run.depth = depth;
        run.next = first;
        run.createdAt = now;
        run.updatedAt = now;
        if (stopReason != null) {
            run.status = RunStatus.STOPPED;
            run.reason = stopReason;
            run.finishedAt = now;
        } else {
            run.status = first == null ? RunStatus.COMPLETED : RunStatus.PENDING;
            run.finishedAt = first == null ? now : null;
        }
        return run;
    }

    /** The step under way (running, or parked waiting), if any. */
    public Step current() {
        if (steps.isEmpty()) {
            return null;
        }
        Step last = steps.getLast();
        return last.getStatus() == Step.Status.RUNNING || last.getStatus() == Step.Status.WAITING ? last : null;
    }

    /** Records the start of the next action with its fixed input, before it has any effect. */
    public Step begin(String address, String action, String input, Instant now) {
        requireStatus(RunStatus.RUNNING);
        Step step = new Step(steps.size(), address, action, input, now);
        steps.add(step);
        updatedAt = now;
        return step;
    }

    /** The current step is done; {@code following} is the address of the next action (null: the end). */
    public void complete(Step step, String output, String following, Instant now) {
        step.done(output, now);
        next = following;
        updatedAt = now;
        if (following == null) {
            finish(RunStatus.COMPLETED, null, now);
        }
    }

    /** Parks the run (durably) until {@code until}; the resume job takes it up then. */
    public void park(Step step, Instant until, Instant now) {
        step.waiting(until);
        status = RunStatus.WAITING;
        resumeAt = until;
        leaseUntil = null;
        leaseOwner = null;
        updatedAt = now;
    }

    public void stop(Step step, String output, String why, Instant now) {
        if (step != null) {
            step.done(output, now);
        }
        next = null;
        finish(RunStatus.STOPPED, why, now);
    }

    public void fail(Step step, String error, boolean refused, int attempts, Instant now) {
        step.failed(error, refused, attempts, now);
        finish(RunStatus.FAILED, "step " + step.getIndex() + " (" + step.getAction() + ") failed: " + error, now);
    }

    /**
     * Runs a failed run again from its failed step. A step that was refused (4xx: it had no effect) is prepared
     * anew as a new step; one that failed on an outage keeps its input and index, so the call it repeats carries
     * the same idempotency key and is applied at most once.
     */
    public void retry(Instant now) {
        if (status != RunStatus.FAILED) {
            throw new StateConflictException("Only failed runs are retried; this one is " + status.wire());
        }
        Step failed = steps.getLast();
        if (!failed.isRefused()) {
            failed.retry();
        }
        status = RunStatus.PENDING;
        reason = null;
        finishedAt = null;
        retries++;
        updatedAt = now;
    }

    /** The executing replica keeps its lease while it works. */
    void hold(String holder, Instant until) {
        this.leaseOwner = holder;
        this.leaseUntil = until;
    }

    private void finish(RunStatus finalStatus, String why, Instant now) {
        status = finalStatus;
        reason = why;
        finishedAt = now;
        resumeAt = null;
        leaseUntil = null;
        leaseOwner = null;
        updatedAt = now;
    }

    private void requireStatus(RunStatus expected) {
        if (status != expected) {
            throw new IllegalStateException("run " + id + " is " + status + ", not " + expected);
        }
    }

    public String getId() {
        return id;
    }

    public Long getVersion() {
        return version;
    }

    public String getRuleId() {
        return ruleId;
    }

    public int getRuleRevision() {
        return ruleRevision;
    }

    public String getRuleName() {
        return ruleName;
    }

    public String getRuleTeam() {
        return ruleTeam;
    }

    public TriggerInfo getTrigger() {
        return trigger;
    }

    public String getRecordType() {
        return recordType;
    }

    public String getRecordId() {
        return recordId;
    }

    public String getOwnerId() {
        return ownerId;
    }

    public int getDepth() {
        return depth;
    }

    public RunStatus getStatus() {
        return status;
    }

    public String getReason() {
        return reason;
    }

    public String getNext() {
        return next;
    }

    public List<Step> getSteps() {
        return steps;
    }

    public Instant getResumeAt() {
        return resumeAt;
    }

    public Instant getLeaseUntil() {
        return leaseUntil;
    }

    public int getRetries() {
        return retries;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public Instant getFinishedAt() {
        return finishedAt;
    }

    public RecordRef record() {
        return recordType == null ? null : new RecordRef(recordType, recordId, ownerId);
    }
}
