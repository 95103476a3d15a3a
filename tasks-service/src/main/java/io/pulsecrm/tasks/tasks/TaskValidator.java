package io.pulsecrm.tasks.tasks;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import io.pulsecrm.platform.web.InvalidRequestException;
import io.pulsecrm.platform.web.TextFields;
import io.pulsecrm.tasks.recurrence.Recurrence;
import org.springframework.stereotype.Component;

/**
 * Turns what a client sent into valid {@link TaskDetails}, or refuses it naming every field at fault and why.
 * Ids are checked for format here; whether the users named exist and may be given the task is
 * {@link TaskPeople}'s business (the users directory), and contacts, companies and deals live in other services.
 */
@Component
public class TaskValidator {

    static final int MAX_TITLE = 200;
    static final int MAX_DESCRIPTION = 5000;
    static final int MAX_OUTCOME = 5000;
    private static final int MAX_REMINDERS = 5;
    private static final Duration MAX_REMINDER_OFFSET = Duration.ofDays(30);
    private static final Duration MAX_FOLLOW_UP_DELAY = Duration.ofDays(366);
    private static final int MAX_MEETING_MINUTES = 24 * 60;
    private static final Instant EARLIEST_DUE = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST_DUE = Instant.parse("3000-01-01T00:00:00Z");
    /** User and record ids: UUIDs today, but any opaque id an identity provider may issue. No {@code $} or {@code .}. */
    private static final Pattern ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_:@-]{0,127}$");
    static final Pattern FIELD_NAME = Pattern.compile("^[A-Za-z][A-Za-z0-9_]{0,39}$");

    private final TasksProperties properties;

    public TaskValidator(TasksProperties properties) {
        this.properties = properties;
    }

    public TaskDetails validate(TaskInput raw) {
        List<FieldProblem> problems = new ArrayList<>();
        TaskType type = null;
        if (raw.type() == null || raw.type().isBlank()) {
            problems.add(new FieldProblem("type", "is required (call, meeting, email, todo or deadline)"));
        } else if ((type = TaskType.parse(raw.type())) == null) {
            problems.add(new FieldProblem("type", "must be one of call, meeting, email, todo, deadline"));
        }
        String title = text(raw.title(), "title", MAX_TITLE, true, false, problems);
        String description = text(raw.description(), "description", MAX_DESCRIPTION, false, true, problems);
        String timeZone = zone(raw.timeZone(), problems);
        Instant dueAt = dueAt(raw.dueAt(), timeZone, problems);
        if (dueAt == null && raw.dueAt() == null && type != null && type.needsDueTime()) {
            problems.add(new FieldProblem("dueAt", "is required for a " + type.wire()));
        }
        Integer duration = raw.durationMinutes();
        if (duration != null && type != null && !type.hasDuration()) {
            problems.add(new FieldProblem("durationMinutes", "only meetings have a duration"));
        } else if (duration != null && (duration < 1 || duration > MAX_MEETING_MINUTES)) {
            problems.add(new FieldProblem("durationMinutes", "must be between 1 and " + MAX_MEETING_MINUTES));
        }
        TaskPriority priority = TaskPriority.NORMAL;
        if (raw.priority() != null && (priority = TaskPriority.parse(raw.priority())) == null) {
            problems.add(new FieldProblem("priority", "must be one of low, normal, high, urgent"));
        }
        String contactId = id(raw.contactId(), "contactId", problems);
        String companyId = id(raw.companyId(), "companyId", problems);
        String dealId = id(raw.dealId(), "dealId", problems);
        String managerId = id(raw.managerId(), "managerId", problems);
        List<String> reminders = reminders(raw.reminders(), raw.dueAt() != null, problems);
        List<String> required = requiredFields(raw.requiredFields(), problems);
        String recurrence = null;
        if (raw.recurrence() != null) {
            if (raw.dueAt() == null) {
                problems.add(new FieldProblem("recurrence", "needs a dueAt to repeat from"));
            }
            try {
                Recurrence rule = Recurrence.parse(raw.recurrence());
                if (dueAt != null && timeZone != null) {
                    rule.requireOccurrences(dueAt, timeZone);
                }
                recurrence = rule.text();
            } catch (InvalidRequestException e) {
                problems.addAll(e.fieldErrors());
            }
        }
        FollowUp followUp = followUp(raw.followUp(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("The task has invalid fields", problems);
        }
        return new TaskDetails(type, title, description, dueAt, dueAt == null ? null : timeZone, duration, priority,
                contactId, companyId, dealId, managerId, reminders, required, recurrence, followUp);
    }

    /** A user id in a request (assignee, creator, agenda owner): its format; {@link TaskPeople} checks the person. */
    public String userId(String value, String field, boolean required) {
        List<FieldProblem> problems = new ArrayList<>();
        if (required && (value == null || value.isBlank())) {
            problems.add(new FieldProblem(field, "is required"));
        }
        String id = id(value, field, problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("The request has invalid fields", problems);
        }
        return id;
    }

    /** The outcome note and the named completion fields. */
    public Map<String, String> completionFields(String outcome, Map<String, String> fields) {
        List<FieldProblem> problems = new ArrayList<>();
        text(outcome, "outcome", MAX_OUTCOME, false, true, problems);
        if (fields != null) {
            if (fields.size() > 20) {
                problems.add(new FieldProblem("fields", "must have at most 20 entries"));
            }
            fields.forEach((name, value) -> {
                if (!FIELD_NAME.matcher(name).matches()) {
                    problems.add(new FieldProblem("fields", "'" + InvalidRequestException.echo(name) + "' is not a field name (letters, digits, _)"));
                } else {
                    text(value, "fields." + name, MAX_OUTCOME, false, true, problems);
                }
            });
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("The completion has invalid fields", problems);
        }
        return fields == null ? Map.of() : fields;
    }

    public static ZoneId zoneOrProblem(String value, String field) {
        try {
            return ZoneId.of(value.strip());
        } catch (DateTimeException e) {
            throw InvalidRequestException.field(field, "'" + InvalidRequestException.echo(value) + "' is not a known time zone (use an IANA id such as Europe/Paris)");
        }
    }

    private String zone(String value, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            return properties.defaultTimeZone();
        }
        try {
            return ZoneId.of(value.strip()).getId();
        } catch (DateTimeException e) {
            problems.add(new FieldProblem("timeZone", "'" + InvalidRequestException.echo(value) + "' is not a known time zone (use an IANA id such as Europe/Paris)"));
            return null;
        }
    }

    private static Instant dueAt(String value, String timeZone, List<FieldProblem> problems) {
        if (value == null) {
            return null;
        }
        String text = value.strip();
        Instant due;
        try {
            due = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notWithOffset) {
            try {
                LocalDateTime local = LocalDateTime.parse(text);
                due = timeZone == null ? null : local.atZone(ZoneId.of(timeZone)).toInstant();
            } catch (DateTimeParseException e) {
                problems.add(new FieldProblem("dueAt", "must be an ISO-8601 date-time such as 2026-11-23T10:00 or 2026-11-23T09:00:00Z"));
                return null;
            }
        }
        if (due != null && (due.isBefore(EARLIEST_DUE) || due.isAfter(LATEST_DUE))) {
            problems.add(new FieldProblem("dueAt", "must be between the years 1970 and 2999"));
            return null;
        }
        return due;
    }

    private static List<String> reminders(List<String> values, boolean hasDueAt, List<FieldProblem> problems) {
        if (values == null || values.isEmpty()) {
            return List.of();
        }
        if (!hasDueAt) {
            problems.add(new FieldProblem("reminders", "need a dueAt to be relative to"));
        }
        if (values.size() > MAX_REMINDERS) {
            problems.add(new FieldProblem("reminders", "must be at most " + MAX_REMINDERS));
        }
        LinkedHashSet<String> offsets = new LinkedHashSet<>();
        for (String value : values) {
            Duration offset = duration(value, "reminders", MAX_REMINDER_OFFSET, problems);
            if (offset != null) {
                offsets.add(offset.toString());
            }
        }
        return List.copyOf(offsets);
    }

    private static List<String> requiredFields(List<String> values, List<FieldProblem> problems) {
        if (values == null) {
            return List.of();
        }
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (String value : values) {
            if (value == null || !FIELD_NAME.matcher(value).matches()) {
                problems.add(new FieldProblem("requiredFields", "'" + InvalidRequestException.echo(value) + "' is not a field name (letters, digits, _)"));
            } else {
                names.add(value);
            }
        }
        if (names.size() > 10) {
            problems.add(new FieldProblem("requiredFields", "must be at most 10"));
        }
        return List.copyOf(names);
    }

    private static FollowUp followUp(FollowUp value, List<FieldProblem> problems) {
        if (value == null) {
            return null;
        }
        TaskType type = value.type() == null ? null : TaskType.parse(value.type());
        if (type == null) {
            problems.add(new FieldProblem("followUp.type", "must be one of call, meeting, email, todo, deadline"));
        } else if (type.needsDueTime()) {
            if (value.dueIn() == null) {
                problems.add(new FieldProblem("followUp.dueIn", "is required for a " + type.wire()));
            }
        }
        String title = text(value.title(), "followUp.title", MAX_TITLE, true, false, problems);
        Duration dueIn = value.dueIn() == null ? null : duration(value.dueIn(), "followUp.dueIn", MAX_FOLLOW_UP_DELAY, problems);
        String assignee = id(value.assigneeId(), "followUp.assigneeId", problems);
        return new FollowUp(type == null ? null : type.wire(), title, dueIn == null ? null : dueIn.toString(), assignee);
    }

    private static Duration duration(String value, String field, Duration max, List<FieldProblem> problems) {
        try {
            Duration duration = Duration.parse(value == null ? "" : value.strip());
            if (duration.isNegative() || duration.isZero() || duration.compareTo(max) > 0) {
                problems.add(new FieldProblem(field, "'" + InvalidRequestException.echo(value) + "' must be a positive duration of at most " + max.toDays() + " days"));
                return null;
            }
            return duration;
        } catch (DateTimeParseException e) {
            problems.add(new FieldProblem(field, "'" + InvalidRequestException.echo(value) + "' is not an ISO-8601 duration such as PT15M or P1D"));
            return null;
        }
    }

    private static String id(String value, String field, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String id = value.strip();
        if (!ID.matcher(id).matches()) {
            problems.add(new FieldProblem(field, "is not a valid id"));
        }
        return id;
    }

    private static String text(String value, String field, int max, boolean required, boolean multiline,
                               List<FieldProblem> problems) {
        return TextFields.clean(value, field, max, required, multiline, problems);
    }
}
