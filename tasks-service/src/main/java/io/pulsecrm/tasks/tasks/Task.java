package io.pulsecrm.tasks.tasks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.pulsecrm.platform.aggregate.Aggregate;
import io.pulsecrm.platform.aggregate.AggregateRoot;
import io.pulsecrm.platform.aggregate.StateConflictException;
import io.pulsecrm.platform.web.InvalidRequestException;
import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import io.pulsecrm.tasks.recurrence.Recurrence;
import io.pulsecrm.tasks.tasks.TaskEvents.Change;
import io.pulsecrm.tasks.tasks.TaskEvents.TaskAssigned;
import io.pulsecrm.tasks.tasks.TaskEvents.TaskCancelled;
import io.pulsecrm.tasks.tasks.TaskEvents.TaskCompleted;
import io.pulsecrm.tasks.tasks.TaskEvents.TaskCreated;
import io.pulsecrm.tasks.tasks.TaskEvents.TaskOverdue;
import io.pulsecrm.tasks.tasks.TaskEvents.TaskReminderDue;
import io.pulsecrm.tasks.tasks.TaskEvents.TaskReopened;
import io.pulsecrm.tasks.tasks.TaskEvents.TaskSnapshot;
import io.pulsecrm.tasks.tasks.TaskEvents.TaskUpdated;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An activity someone has to do: a call, meeting, email, to-do or deadline. Every change records the event that
 * tells the rest of the platform. Its timers (reminders, overdue) live in the same document, so firing one and
 * recording its event is one conditional write: once, even with several replicas polling.
 */
@Document(Task.COLLECTION)
// nextTimerAt is derived from the reminders and the due time; completions only makes derived ids distinct
@Aggregate(type = "task", topic = Task.TOPIC, historyIgnores = {"nextTimerAt", "completions"})
public class Task extends AggregateRoot {

    public static final String COLLECTION = "tasks";
    public static final String TOPIC = "pulse.tasks.task.v1";
    /** Name of the required field that means "the outcome note". */
    public static final String OUTCOME = "outcome";

    private TaskType type;
    private String title;
    private String description;
    private Instant dueAt;
    private String timeZone;
    private Integer durationMinutes;
    private TaskPriority priority;
    private String contactId;
    private String companyId;
    private String dealId;
    private String managerId;
    private List<Reminder> reminders = new ArrayList<>();
    private List<String> requiredFields = new ArrayList<>();
    private String recurrence;
    private FollowUp followUp;

    private String assigneeId;
    private String creatorId;
    private TaskStatus status;
    private String outcome;
    private Map<String, String> completionFields;
    private Instant completedAt;
    private Instant cancelledAt;
    private String cancelReason;

    /** When the overdue event was emitted; null while it has not been. */
    private Instant overdueNotifiedAt;
    /** Earliest pending timer of an open task (indexed): what the timer job polls for. Null when none. */
    private Instant nextTimerAt;

    /** Recurring series: id of the first occurrence, its due time (the RRULE's DTSTART) and this one's number. */
    private String seriesId;
    private Instant seriesStart;
    private int occurrence;
    /** Number of times this task was completed: makes the ids of what each completion creates distinct. */
    private int completions;

    protected Task() {
        // for the object mapper
    }

    private Task(String id, Instant now) {
        super(id, now);
    }

    /** Where a new task comes from: the API, a follow-up or the next occurrence of a series. */
    public record Origin(String seriesId, Instant seriesStart, int occurrence) {
        static Origin first() {
            return new Origin(null, null, 1);
        }
    }

    public static Task create(String id, TaskDetails details, String assigneeId, String creatorId, Instant now) {
        return create(id, details, assigneeId, creatorId, Origin.first(), now);
    }

    public static Task create(String id, TaskDetails details, String assigneeId, String creatorId, Origin origin,
                              Instant now) {
        Task task = new Task(id, now);
        task.apply(details);
        task.assigneeId = assigneeId;
        task.creatorId = creatorId;
        task.status = TaskStatus.OPEN;
        if (details.recurrence() != null) {
            task.seriesId = origin.seriesId() == null ? id : origin.seriesId();
            task.seriesStart = origin.seriesStart() == null ? details.dueAt() : origin.seriesStart();
        }
        task.occurrence = origin.occurrence();
        task.scheduleTimers(details.reminders(), now);
        task.record(new TaskCreated(task.snapshot()));
        return task;
    }

    /** Applies the changed fields; a change that changes nothing records no event. */
    public void update(TaskDetails details, long expectedVersion, Instant now) {
        requireVersion(expectedVersion);
        TaskDetails before = details();
        Map<String, Change> changes = new LinkedHashMap<>();
        compare(changes, "type", before.type() == null ? null : before.type().wire(), details.type().wire());
        compare(changes, "title", before.title(), details.title());
        compare(changes, "description", before.description(), details.description());
        compare(changes, "dueAt", before.dueAt(), details.dueAt());
        compare(changes, "timeZone", before.timeZone(), details.timeZone());
        compare(changes, "durationMinutes", before.durationMinutes(), details.durationMinutes());
        compare(changes, "priority", before.priority().wire(), details.priority().wire());
        compare(changes, "contactId", before.contactId(), details.contactId());
        compare(changes, "companyId", before.companyId(), details.companyId());
        compare(changes, "dealId", before.dealId(), details.dealId());
        compare(changes, "managerId", before.managerId(), details.managerId());
        compare(changes, "reminders", before.reminders(), details.reminders());
        compare(changes, "requiredFields", before.requiredFields(), details.requiredFields());
        compare(changes, "recurrence", before.recurrence(), details.recurrence());
        compare(changes, "followUp", before.followUp(), details.followUp());
        if (changes.isEmpty()) {
            return;
        }
        apply(details);
        if (recurrence != null && (seriesId == null || changes.containsKey("recurrence"))) {
            // a new or changed rule starts a series here
            seriesId = getId();
            seriesStart = dueAt;
        } else if (recurrence == null) {
            seriesId = null;
            seriesStart = null;
        } else if (changes.containsKey("dueAt") || changes.containsKey("timeZone")) {
            seriesStart = dueAt;
        }
        if (changes.containsKey("dueAt") || changes.containsKey("reminders")) {
            if (changes.containsKey("dueAt")) {
                overdueNotifiedAt = null; // a new due time is a new deadline to watch
            }
            scheduleTimers(details.reminders(), now);
        }
        touch(now);
        record(new TaskUpdated(snapshot(), changes));
    }

    public void assign(String newAssigneeId, long expectedVersion, Instant now) {
        requireVersion(expectedVersion);
        if (Objects.equals(assigneeId, newAssigneeId)) {
            return;
        }
        String previous = assigneeId;
        assigneeId = newAssigneeId;
        touch(now);
        record(new TaskAssigned(snapshot(), previous, newAssigneeId));
    }

    /**
     * Marks the task done. Fields the task or its type require must be given (the call outcome, for example).
     * A follow-up and, for a recurring task, the next occurrence get their ids here; they are created from the
     * completed event, so a crash after this write cannot lose them.
     */
    public void complete(String outcomeNote, Map<String, String> fields, Set<String> requiredByType,
                         long expectedVersion, Instant now) {
        requireVersion(expectedVersion);
        if (status != TaskStatus.OPEN) {
            throw new StateConflictException("Task " + getId() + " is " + status.wire() + "; only open tasks can be completed");
        }
        Map<String, String> given = fields == null ? Map.of() : fields;
        Set<String> required = new LinkedHashSet<>(requiredByType);
        required.addAll(requiredFields);
        List<FieldProblem> missing = new ArrayList<>();
        for (String field : required) {
            boolean present = OUTCOME.equals(field) ? hasText(outcomeNote) : hasText(given.get(field));
            if (!present) {
                missing.add(new FieldProblem(OUTCOME.equals(field) ? OUTCOME : "fields." + field,
                        "is required to complete a " + type.wire() + " task"));
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidRequestException("The task cannot be completed without its required fields", missing);
        }
        status = TaskStatus.DONE;
        outcome = hasText(outcomeNote) ? outcomeNote : null;
        completionFields = given.isEmpty() ? null : new LinkedHashMap<>(given);
        completedAt = now;
        completions++;
        nextTimerAt = null;
        String followUpId = followUp == null ? null : TaskIds.derived(now, getId() + "/follow-up/" + completions);
        Optional<Instant> nextDue = nextOccurrenceDue();
        String nextId = nextDue.isEmpty() ? null : TaskIds.derived(now, getId() + "/next-occurrence/" + completions);
        touch(now);
        record(new TaskCompleted(snapshot(), contactId, companyId, dealId, outcome, now, followUpId, nextId,
                nextDue.orElse(null)));
    }

    public void reopen(long expectedVersion, Instant now) {
        requireVersion(expectedVersion);
        if (status == TaskStatus.OPEN) {
            throw new StateConflictException("Task " + getId() + " is already open");
        }
        TaskStatus previous = status;
        status = TaskStatus.OPEN;
        outcome = null;
        completionFields = null;
        completedAt = null;
        cancelledAt = null;
        cancelReason = null;
        skipPastReminders(now);
        recomputeNextTimer();
        touch(now);
        record(new TaskReopened(snapshot(), previous.wire()));
    }

    public void cancel(String reason, long expectedVersion, Instant now) {
        requireVersion(expectedVersion);
        cancel(reason, now);
    }

    /** Cancellation decided by the system (a reaction), on the state just loaded: the save still checks the version. */
    public void cancel(String reason, Instant now) {
        if (status != TaskStatus.OPEN) {
            throw new StateConflictException("Task " + getId() + " is " + status.wire() + "; only open tasks can be cancelled");
        }
        status = TaskStatus.CANCELLED;
        cancelledAt = now;
        cancelReason = reason;
        nextTimerAt = null;
        touch(now);
        record(new TaskCancelled(snapshot(), reason));
    }

    /** Neutral title that replaces one erased for a contact's privacy. */
    public static final String ERASED_TITLE = "Task (contact erased)";

    /**
     * Points the task at the contact others were merged into (a system change, any status), on the state just
     * loaded: the save still checks the version.
     *
     * @return true if the task changed (it must then be saved)
     */
    public boolean repointContact(String mergedId, String survivorId, Instant now) {
        if (survivorId == null || !Objects.equals(contactId, mergedId) || Objects.equals(contactId, survivorId)) {
            return false;
        }
        Map<String, Change> changes = new LinkedHashMap<>();
        changes.put("contactId", new Change(contactId, survivorId));
        contactId = survivorId;
        touch(now);
        record(new TaskUpdated(snapshot(), changes));
        return true;
    }

    /**
     * Removes the free text that may hold personal data about an erased contact (GDPR): the description and the
     * outcome note are cleared and the title becomes neutral. The contact reference, the status and everything
     * else stay. The event's changes name the fields but never repeat the erased values ({@code from} is null).
     *
     * @return true if anything was erased (the task must then be saved)
     */
    public boolean eraseContactData(Instant now) {
        Map<String, Change> changes = new LinkedHashMap<>();
        if (!ERASED_TITLE.equals(title)) {
            changes.put("title", new Change(null, ERASED_TITLE));
        }
        if (description != null) {
            changes.put("description", new Change(null, null));
        }
        if (outcome != null) {
            changes.put("outcome", new Change(null, null));
        }
        if (completionFields != null) {
            changes.put("completionFields", new Change(null, null));
        }
        boolean followUpNamesThem = followUp != null && !ERASED_TITLE.equals(followUp.title());
        if (followUpNamesThem) {
            changes.put("followUp.title", new Change(null, ERASED_TITLE));
        }
        if (changes.isEmpty()) {
            return false;
        }
        title = ERASED_TITLE;
        description = null;
        outcome = null;
        completionFields = null; // answers such as a call outcome are free text about the person
        if (followUpNamesThem) {
            followUp = new FollowUp(followUp.type(), ERASED_TITLE, followUp.dueIn(), followUp.assigneeId());
        }
        touch(now);
        forgetHistory(); // earlier history lines hold the erased text; this one keeps no values
        record(new TaskUpdated(snapshot(), changes));
        return true;
    }

    /** {@link #fireDueTimers(Instant, String)} when the directory names no manager for the assignee. */
    public boolean fireDueTimers(Instant now) {
        return fireDueTimers(now, null);
    }

    /**
     * Fires every timer that is due: each pending reminder whose time has come, and the overdue notice once the
     * due time passed on an open task. Late (after downtime) is fine; twice is not, which the conditional save
     * of this state guarantees.
     *
     * @param assigneesManagerId the assignee's manager as the users directory names them now, told in the overdue
     *                           notice so that they hear of it; null falls back to the task's {@code managerId} hint
     * @return true if anything fired (the task must then be saved)
     */
    public boolean fireDueTimers(Instant now, String assigneesManagerId) {
        if (status != TaskStatus.OPEN || dueAt == null || isDeleted()) {
            nextTimerAt = null;
            return false;
        }
        boolean fired = false;
        for (int i = 0; i < reminders.size(); i++) {
            Reminder reminder = reminders.get(i);
            if (reminder.pending() && !reminder.fireAt().isAfter(now)) {
                reminders.set(i, new Reminder(reminder.offset(), reminder.fireAt(), now, false));
                record(new TaskReminderDue(getId(), assigneeId, reminder.offset(), reminder.fireAt(), dueAt, now,
                        snapshot()));
                fired = true;
            }
        }
        if (overdueNotifiedAt == null && !dueAt.isAfter(now)) {
            overdueNotifiedAt = now;
            String manager = assigneesManagerId != null ? assigneesManagerId : managerId;
            record(new TaskOverdue(getId(), assigneeId, manager, dueAt, now, snapshot()));
            fired = true;
        }
        recomputeNextTimer();
        return fired;
    }

    private Optional<Instant> nextOccurrenceDue() {
        if (recurrence == null || dueAt == null) {
            return Optional.empty();
        }
        Instant start = seriesStart == null ? dueAt : seriesStart;
        return Recurrence.parse(recurrence).next(start, timeZone, dueAt);
    }

    private void scheduleTimers(List<String> offsets, Instant now) {
        List<Reminder> scheduled = new ArrayList<>();
        if (dueAt != null) {
            for (String offset : offsets) {
                Instant fireAt = dueAt.minus(Duration.parse(offset));
                // a reminder whose time is already past when it is set would only be noise
                scheduled.add(new Reminder(offset, fireAt, null, fireAt.isBefore(now)));
            }
        }
        reminders = scheduled;
        recomputeNextTimer();
    }

    private void skipPastReminders(Instant now) {
        reminders.replaceAll(r -> r.pending() && r.fireAt().isBefore(now) ? new Reminder(r.offset(), r.fireAt(), null, true) : r);
    }

    private void recomputeNextTimer() {
        if (status != TaskStatus.OPEN || dueAt == null) {
            nextTimerAt = null;
            return;
        }
        Instant next = overdueNotifiedAt == null ? dueAt : null;
        for (Reminder reminder : reminders) {
            if (reminder.pending() && (next == null || reminder.fireAt().isBefore(next))) {
                next = reminder.fireAt();
            }
        }
        nextTimerAt = next;
    }

    private List<String> reminderOffsets() {
        return reminders == null ? List.of() : reminders.stream().map(Reminder::offset).toList();
    }

    public TaskDetails details() {
        return new TaskDetails(type, title, description, dueAt, timeZone, durationMinutes, priority, contactId,
                companyId, dealId, managerId, reminderOffsets(), requiredFields, recurrence, followUp);
    }

    private void apply(TaskDetails details) {
        this.type = details.type();
        this.title = details.title();
        this.description = details.description();
        this.dueAt = details.dueAt();
        this.timeZone = details.timeZone();
        this.durationMinutes = details.durationMinutes();
        this.priority = details.priority();
        this.contactId = details.contactId();
        this.companyId = details.companyId();
        this.dealId = details.dealId();
        this.managerId = details.managerId();
        this.requiredFields = new ArrayList<>(details.requiredFields());
        this.recurrence = details.recurrence();
        this.followUp = details.followUp();
    }

    public TaskSnapshot snapshot() {
        return new TaskSnapshot(getId(), type.wire(), title, description, status.wire(), priority.wire(), dueAt,
                timeZone, durationMinutes, assigneeId, creatorId, managerId, contactId, companyId, dealId,
                reminderOffsets(), List.copyOf(requiredFields), recurrence, seriesId, occurrence, followUp, outcome,
                completionFields, completedAt, cancelledAt, cancelReason, getCreatedAt(), getUpdatedAt());
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }

    private static void compare(Map<String, Change> changes, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changes.put(field, new Change(before, after));
        }
    }

    public TaskType getType() {
        return type;
    }

    public TaskStatus getStatus() {
        return status;
    }

    public Instant getDueAt() {
        return dueAt;
    }

    public String getTimeZone() {
        return timeZone;
    }

    public String getAssigneeId() {
        return assigneeId;
    }

    public String getCreatorId() {
        return creatorId;
    }

    public String getSeriesId() {
        return seriesId;
    }

    public Instant getSeriesStart() {
        return seriesStart;
    }

    public int getOccurrence() {
        return occurrence;
    }

    public List<Reminder> getReminders() {
        return List.copyOf(reminders);
    }

    public Instant getOverdueNotifiedAt() {
        return overdueNotifiedAt;
    }

    public Instant getNextTimerAt() {
        return nextTimerAt;
    }
}
