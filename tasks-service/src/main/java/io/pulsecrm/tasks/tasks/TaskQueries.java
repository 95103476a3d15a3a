package io.pulsecrm.tasks.tasks;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import io.pulsecrm.platform.web.CursorPage;
import io.pulsecrm.platform.web.InvalidRequestException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Read side of tasks: filtered keyset pages in creation order (ids are time-ordered). Every query starts from
 * {@link #visible()}, the one place where record visibility (own, team, all) will be added once identity exists.
 */
@Component
public class TaskQueries {

    private final MongoTemplate mongo;
    private final Clock clock;

    TaskQueries(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
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
                    throw InvalidRequestException.field("type", "'" + value + "' is not a task type (call, meeting, email, todo, deadline)");
                }
                return parsed;
            }).toList();
            List<TaskStatus> statuses = status == null ? null : split(status).stream().map(value -> {
                TaskStatus parsed = TaskStatus.parse(value);
                if (parsed == null) {
                    throw InvalidRequestException.field("status", "'" + value + "' is not a status (open, done, cancelled)");
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
        List<Criteria> all = new ArrayList<>();
        all.add(visible());
        if (filter.types() != null) {
            all.add(Criteria.where("type").in(filter.types().stream().map(Enum::name).toList()));
        }
        if (filter.statuses() != null) {
            all.add(Criteria.where("status").in(filter.statuses().stream().map(Enum::name).toList()));
        }
        equal(all, "assigneeId", filter.assigneeId());
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

    /** Open tasks of an assignee due in [from, to), by due time; at most {@code limit}. */
    public List<Task> openDueBetween(String assigneeId, Instant from, Instant to, int limit) {
        Criteria criteria = new Criteria().andOperator(visible(),
                Criteria.where("assigneeId").is(assigneeId),
                Criteria.where("status").is(TaskStatus.OPEN.name()),
                from == null ? Criteria.where("dueAt").ne(null) : Criteria.where("dueAt").gte(from),
                Criteria.where("dueAt").lt(to));
        return mongo.find(Query.query(criteria).with(Sort.by("dueAt", "_id")).limit(limit), Task.class);
    }

    /** Open tasks of an assignee without a due time (a to-do list has them), oldest first. */
    public List<Task> openWithoutDueTime(String assigneeId, int limit) {
        Criteria criteria = new Criteria().andOperator(visible(),
                Criteria.where("assigneeId").is(assigneeId),
                Criteria.where("status").is(TaskStatus.OPEN.name()),
                Criteria.where("dueAt").is(null));
        return mongo.find(Query.query(criteria).with(Sort.by("_id")).limit(limit), Task.class);
    }

    /** Tasks of an assignee with a due time since {@code from}, for the calendar feed. */
    public List<Task> scheduledSince(String assigneeId, Instant from, int limit) {
        Criteria criteria = new Criteria().andOperator(visible(),
                Criteria.where("assigneeId").is(assigneeId),
                Criteria.where("status").ne(TaskStatus.CANCELLED.name()),
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

    private static Criteria visible() {
        return Criteria.where("deletedAt").is(null);
    }

    private static void equal(List<Criteria> all, String field, String value) {
        if (value != null && !value.isBlank()) {
            all.add(Criteria.where(field).is(value.strip()));
        }
    }
}
