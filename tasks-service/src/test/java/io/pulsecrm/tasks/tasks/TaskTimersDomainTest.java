package io.pulsecrm.tasks.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The timer rules of the aggregate, without infrastructure (the durable, once-only firing is TaskTimersTest's). */
class TaskTimersDomainTest {

    private static final Instant NOW = Instant.parse("2030-01-01T10:00:00Z");
    private static final Instant DUE = NOW.plus(Duration.ofHours(2));

    @Test
    void remindersFireOnceEachThenOverdueOnce() {
        Task task = task(DUE, List.of("PT1H", "PT15M", "PT3H"));
        // the 3-hour reminder was already past when set: skipped
        assertThat(task.getNextTimerAt()).isEqualTo(DUE.minus(Duration.ofHours(1)));

        assertThat(task.fireDueTimers(NOW.plus(Duration.ofMinutes(30)))).isFalse();
        assertThat(task.fireDueTimers(DUE.minus(Duration.ofMinutes(50)))).isTrue();
        assertThat(task.fireDueTimers(DUE.minus(Duration.ofMinutes(50)))).isFalse();
        assertThat(task.getNextTimerAt()).isEqualTo(DUE.minus(Duration.ofMinutes(15)));

        // down across the last reminder and the due time: both fire late, together
        assertThat(task.fireDueTimers(DUE.plus(Duration.ofHours(5)))).isTrue();
        assertThat(task.getOverdueNotifiedAt()).isEqualTo(DUE.plus(Duration.ofHours(5)));
        assertThat(task.getNextTimerAt()).isNull();
        assertThat(task.fireDueTimers(DUE.plus(Duration.ofHours(6)))).isFalse();
    }

    @Test
    void aNewDueTimeReArmsTheRemindersAndTheOverdueNotice() {
        Task task = task(DUE, List.of("PT15M"));
        task.fireDueTimers(DUE.plusSeconds(1));
        assertThat(task.getOverdueNotifiedAt()).isNotNull();

        TaskDetails later = withDue(task.details(), DUE.plus(Duration.ofDays(1)));
        stored(task);
        task.update(later, 0, DUE.plusSeconds(2));
        assertThat(task.getOverdueNotifiedAt()).isNull();
        assertThat(task.getNextTimerAt()).isEqualTo(DUE.plus(Duration.ofDays(1)).minus(Duration.ofMinutes(15)));
    }

    @Test
    void closedTasksHaveNoTimersAndReopeningSkipsRemindersThatPassedMeanwhile() {
        Task task = task(DUE, List.of("PT1H", "PT15M"));
        stored(task);
        task.complete("ok", null, Set.of(), 0, NOW);
        assertThat(task.getNextTimerAt()).isNull();
        assertThat(task.fireDueTimers(DUE.plusSeconds(1))).isFalse();

        stored(task);
        task.reopen(1, DUE.minus(Duration.ofMinutes(30)));
        // the 1-hour reminder passed while it was done; the 15-minute one is still ahead
        assertThat(task.getNextTimerAt()).isEqualTo(DUE.minus(Duration.ofMinutes(15)));
    }

    private static Task task(Instant due, List<String> reminders) {
        return Task.create("0190f4c2-0000-7000-8000-000000000001", new TaskDetails(TaskType.CALL, "Call", null, due, "UTC",
                null, TaskPriority.NORMAL, null, null, null, null, reminders, List.of(), null, null), "rep", "rep", NOW);
    }

    private static TaskDetails withDue(TaskDetails d, Instant due) {
        return new TaskDetails(d.type(), d.title(), d.description(), due, d.timeZone(), d.durationMinutes(), d.priority(),
                d.contactId(), d.companyId(), d.dealId(), d.managerId(), d.reminders(), d.requiredFields(), d.recurrence(),
                d.followUp());
    }

    /** What AggregateStore does after a write: the version the next change must name. */
    private static void stored(Task task) {
        long version = task.getVersion() == null ? 0 : task.getVersion() + 1;
        try {
            // package-private in the platform: the test plays the store's part
            var markStored = io.pulsecrm.platform.aggregate.AggregateRoot.class
                    .getDeclaredMethod("markStored", long.class, long.class, org.bson.Document.class);
            markStored.setAccessible(true);
            markStored.invoke(task, version, task.getEventSequence(), null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
