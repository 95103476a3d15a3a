package io.pulsecrm.tasks.tasks;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import io.pulsecrm.platform.aggregate.AggregateNotFoundException;
import io.pulsecrm.platform.security.CurrentCaller;
import io.pulsecrm.platform.security.OwnerScope;
import io.pulsecrm.platform.security.Visibility;
import io.pulsecrm.platform.web.CursorPage;
import io.pulsecrm.platform.web.InvalidRequestException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Read side of tasks: filtered keyset pages in creation order (ids are time-ordered). Every query made for a
 * caller starts from {@link #visible()}, the one place where record visibility (docs/identity.md) is decided:
 * a task is visible when its assignee is in the caller's scope (themselves; a manager's team; everyone for
 * admins and partner clients), when it has no assignee (the shared pool), or when the caller created it.
 * Queries made for the system (reactions, the calendar feed behind its secret) start from {@link #live()}.
 */
@Component
public class TaskQueries {

    /** The field that names a task's owner. */
    public static final String OWNER_FIELD = "assigneeId";

    private final MongoTemplate mongo;
    private final Visibility visibility;
    private final Clock clock;

    TaskQueries(MongoTemplate mongo, Visibility visibility, Clock clock) {
        this.mongo = mongo;
        this.visibility = visibility;
        this.clock = clock;
    }

    /** Filters of the task list; null means "any". Values are only ever used as query values, never as paths. */
    public record Filter(List<TaskType> types, List<TaskStatus> statuses, String assigneeId, String contactId,
                         String companyId, String dealId, Instant dueFrom, Instant dueTo) {

        public static Filter parse(String type, String status, String assigneeId, String contactId, String companyId,
                                   String dealId, String dueFrom, String dueTo) {
            List<TaskType> types = type == null ? null : split(type).stream().map(value -> {
                TaskType parsed = TaskType.parse(value);
                if (parsed == null) {
                    throw InvalidRequestException.field("type", "'" + InvalidRequestException.echo(value) + "' is not a task type (call, meeting, email, todo, deadline)");
                }
                return parsed;
            }).toList();
            List<TaskStatus> statuses = status == null ? null : split(status).stream().map(value -> {
                TaskStatus parsed = TaskStatus.parse(value);
                if (parsed == null) {
                    throw InvalidRequestException.field("status", "'" + InvalidRequestException.echo(value) + "' is not a status (open, done, cancelled)");
                }
                return parsed;
            }).toList();
            Instant from = instant(dueFrom, "dueFrom");
            Instant to = instant(dueTo, "dueTo");
            if (from != null && to != null && to.isBefore(from)) {
                throw InvalidRequestException.field("dueTo", "must not be before dueFrom");
            }
            return new Filter(types, statuses, assigneeId, contactId, companyId, dealId, from, to);
        }

        private static List<String> split(String value) {
            return List.of(value.split(",")).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        }

        private static Instant instant(String value, String field) {
            if (value == null) {
                return null;
            }
            try {
                return OffsetDateTime.parse(value.strip()).toInstant();
            } catch (DateTimeParseException e) {
                throw InvalidRequestException.field(field, "must be an ISO-8601 date-time with offset, e.g. 2026-11-23T00:00:00Z");
            }
        }
    }

    public CursorPage<TaskResponse> page(Filter filter, int limit, String cursor) {
        return page(filter, visibleToCaller(), limit, cursor);
    }

    /**
     * What the current caller sees, decided now: for pages read later in another thread (an export's rows are
     * written after the request's thread has moved on), passed to {@link #page(Filter, Criteria, int, String)}.
     */
    public Criteria visibleToCaller() {
        return visible();
    }

    /** @param visible the caller's {@link #visibleToCaller()} */
    public CursorPage<TaskResponse> page(Filter filter, Criteria visible, int limit, String cursor) {
        List<Criteria> all = new ArrayList<>();
        all.add(visible);
        if (filter.types() != null) {
            all.add(Criteria.where("type").in(filter.types().stream().map(Enum::name).toList()));
        }
        if (filter.statuses() != null) {
            all.add(Criteria.where("status").in(filter.statuses().stream().map(Enum::name).toList()));
        }
        equal(all, OWNER_FIELD, filter.assigneeId());
        equal(all, "contactId", filter.contactId());
        equal(all, "companyId", filter.companyId());
        equal(all, "dealId", filter.dealId());
        if (filter.dueFrom() != null) {
            all.add(Criteria.where("dueAt").gte(filter.dueFrom()));
        }
        if (filter.dueTo() != null) {
            all.add(Criteria.where("dueAt").lt(filter.dueTo()));
        }
        if (cursor != null) {
            all.add(Criteria.where("_id").gt(CursorPage.decode(cursor)));
        }
        Query query = Query.query(new Criteria().andOperator(all)).with(Sort.by("_id")).limit(limit + 1);
        Instant now = clock.instant();
        var tasks = mongo.find(query, Task.class).stream().map(task -> TaskResponse.of(task, now)).toList();
        return CursorPage.of(tasks, limit, TaskResponse::id);
    }

    /**
     * The live task with this id, if the current caller may see it.
     *
     * @throws AggregateNotFoundException when there is none or the caller may not see it (never a 403: that
     *                                    would tell that it exists)
     */
    public Task visibleTask(String id) {
        Task task = mongo.findOne(Query.query(new Criteria().andOperator(visible(), Criteria.where("_id").is(id))),
                Task.class);
        if (task == null) {
            throw new AggregateNotFoundException("task", id);
        }
        return task;
    }

    /** Open tasks of an assignee due in [from, to) (no bound when null), by due time; at most {@code limit}. */
    public List<Task> openDueBetween(String assigneeId, Instant from, Instant to, int limit) {
        return mongo.find(Query.query(openDue(assigneeId, from, to)).with(Sort.by("dueAt", "_id")).limit(limit),
                Task.class);
    }

    /** How many open tasks of an assignee are due in [from, to) (no bound when null), among the visible ones. */
    public long countOpenDueBetween(String assigneeId, Instant from, Instant to) {
        return mongo.count(Query.query(openDue(assigneeId, from, to)), Task.class);
    }

    /** Open tasks of an assignee without a due time (a to-do list has them), oldest first. */
    public List<Task> openWithoutDueTime(String assigneeId, int limit) {
        return mongo.find(Query.query(openUnscheduled(assigneeId)).with(Sort.by("_id")).limit(limit), Task.class);
    }

    /** How many open tasks of an assignee have no due time, among the visible ones. */
    public long countOpenWithoutDueTime(String assigneeId) {
        return mongo.count(Query.query(openUnscheduled(assigneeId)), Task.class);
    }

    private Criteria openDue(String assigneeId, Instant from, Instant to) {
        return new Criteria().andOperator(visible(),
                Criteria.where(OWNER_FIELD).is(assigneeId),
                Criteria.where("status").is(TaskStatus.OPEN.name()),
                from == null ? Criteria.where("dueAt").ne(null) : Criteria.where("dueAt").gte(from),
                to == null ? Criteria.where("dueAt").ne(null) : Criteria.where("dueAt").lt(to));
    }

    private Criteria openUnscheduled(String assigneeId) {
        return new Criteria().andOperator(visible(),
                Criteria.where(OWNER_FIELD).is(assigneeId),
                Criteria.where("status").is(TaskStatus.OPEN.name()),
                Criteria.where("dueAt").is(null));
    }

    /**
     * Tasks of an assignee with a due time since {@code from}, for the calendar feed: its secret URL is the
     * credential (no caller), and the assignee sees their own tasks anyway.
     */
    public List<Task> scheduledSince(String assigneeId, Instant from, int limit) {
        Criteria criteria = new Criteria().andOperator(live(),
                Criteria.where("assigneeId").is(assigneeId),
                // the statuses named rather than "not cancelled": an $in is an equality for the assignee's index
                Criteria.where("status").in(TaskStatus.OPEN.name(), TaskStatus.DONE.name()),
                Criteria.where("dueAt").gte(from));
        return mongo.find(Query.query(criteria).with(Sort.by("dueAt", "_id")).limit(limit), Task.class);
    }

    /** Ids of the open tasks related to a record, for reactions to that record's events. */
    public List<String> openTaskIds(String relation, String recordId) {
        Criteria criteria = new Criteria().andOperator(Criteria.where("deletedAt").is(null),
                Criteria.where(relation).is(recordId), Criteria.where("status").is(TaskStatus.OPEN.name()));
        Query query = Query.query(criteria);
        query.fields().include("_id");
        return mongo.find(query, org.bson.Document.class, Task.COLLECTION).stream()
                .map(document -> document.get("_id").toString()).toList();
    }

    /** Ids of the live tasks (any status) related to a record, for reactions to that record's events. */
    public List<String> taskIds(String relation, String recordId) {
        Criteria criteria = new Criteria().andOperator(Criteria.where("deletedAt").is(null),
                Criteria.where(relation).is(recordId));
        Query query = Query.query(criteria);
        query.fields().include("_id");
        return mongo.find(query, org.bson.Document.class, Task.COLLECTION).stream()
                .map(document -> document.get("_id").toString()).toList();
    }

    /** Live (not deleted) tasks the current caller may see. */
    private Criteria visible() {
        Criteria access = accessOfCurrentCaller();
        return access == null ? live() : new Criteria().andOperator(live(), access);
    }

    /**
     * What the current caller sees, as a query restriction; null when they see every task. The owner scope's
     * {@code $in} includes null, so unassigned tasks (the shared pool) are visible to everyone.
     */
    private Criteria accessOfCurrentCaller() {
        OwnerScope scope = visibility.scope();
        Criteria owners = scope.criteria(OWNER_FIELD);
        if (owners == null) {
            return null;
        }
        return new Criteria().orOperator(owners, Criteria.where("creatorId").is(CurrentCaller.get().id()));
    }

    private static Criteria live() {
        return Criteria.where("deletedAt").is(null);
    }

    private static void equal(List<Criteria> all, String field, String value) {
        if (value != null && !value.isBlank()) {
            all.add(Criteria.where(field).is(value.strip()));
        }
    }
}
