package io.pulsecrm.tasks.reminders;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulsecrm.platform.aggregate.AggregateNotFoundException;
import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.aggregate.VersionConflictException;
import io.pulsecrm.platform.identity.Member;
import io.pulsecrm.platform.identity.UserDirectory;
import io.pulsecrm.platform.security.Visibility;
import io.pulsecrm.tasks.tasks.Task;
import io.pulsecrm.tasks.tasks.TasksProperties;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Fires due reminders and overdue notices. The timers are fields of the task documents (durable: a replica that
 * was down fires what came due meanwhile, late rather than never). One replica polls at a time under a ShedLock
 * lease; should two ever overlap (an expired lease), each firing is still a save conditional on the version the
 * replica loaded, so only one of them records the event. The job acts as the system ({@code system:task-timers}),
 * not as any caller: it sees every task.
 */
@Component
public class TaskTimerJob {

    private static final Logger log = LoggerFactory.getLogger(TaskTimerJob.class);
    /** Names the job's lease and, as {@code system:task-timers}, the actor of the events it fires. */
    static final String JOB_NAME = "task-timers";

    private final MongoTemplate mongo;
    private final AggregateStore store;
    private final TasksProperties.Timers properties;
    private final Clock clock;
    private final MeterRegistry meters;
    private final UserDirectory directory;

    TaskTimerJob(MongoTemplate mongo, AggregateStore store, TasksProperties properties,
                 Clock clock, MeterRegistry meters, Visibility visibility) {
        this.mongo = mongo;
        this.store = store;
        this.properties = properties.timers();
        this.clock = clock;
        this.meters = meters;
        this.directory = visibility.directory();
    }

    /** One pass: fires every timer due now; returns how many tasks fired something. */
    public int fireDueTimers() {
        Instant now = clock.instant();
        Query due = Query.query(Criteria.where("nextTimerAt").lte(now).and("deletedAt").isNull())
                .with(Sort.by("nextTimerAt")).limit(properties.batchSize());
        due.fields().include("_id");
        List<String> ids = mongo.find(due, Document.class, Task.COLLECTION).stream()
                .map(document -> document.get("_id").toString()).toList();
        int fired = 0;
        for (String id : ids) {
            try {
                Task task = store.get(Task.class, id);
                boolean wasOverdue = task.getOverdueNotifiedAt() != null;
                // the overdue notice names the assignee's manager as the directory knows them now
                String manager = directory.managerOf(task.getAssigneeId()).map(Member::id).orElse(null);
                if (task.fireDueTimers(clock.instant(), manager)) {
                    store.save(task);
                    fired++;
                    meters.counter("pulse.tasks.timers.fired").increment();
                    if (!wasOverdue && task.getOverdueNotifiedAt() != null) {
                        meters.counter("pulse.tasks.overdue").increment();
                    }
                }
            } catch (VersionConflictException | AggregateNotFoundException e) {
                // changed or deleted meanwhile: the next poll sees the current state
                log.debug("Timer of task {} deferred: {}", id, e.getMessage());
            }
        }
        return fired;
    }
}
