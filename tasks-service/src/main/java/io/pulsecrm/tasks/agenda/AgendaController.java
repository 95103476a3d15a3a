package io.pulsecrm.tasks.agenda;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import io.pulsecrm.tasks.tasks.TaskQueries;
import io.pulsecrm.tasks.tasks.TaskResponse;
import io.pulsecrm.tasks.tasks.TaskValidator;
import io.pulsecrm.tasks.tasks.TasksProperties;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.MediaType;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/tasks/agenda}: an assignee's open tasks as a rep plans the day: overdue, due today (in the rep's
 * time zone), upcoming (the next {@code days} days) and unscheduled. The assignee is the caller unless named;
 * naming someone else needs them in the caller's scope ({@link AgendaAccess}).
 */
@RestController
@Validated
@RequestMapping(path = "/api/tasks/agenda", produces = MediaType.APPLICATION_JSON_VALUE)
class AgendaController {

    private final TaskQueries queries;
    private final TaskValidator validator;
    private final AgendaAccess access;
    private final TasksProperties properties;
    private final Clock clock;

    AgendaController(TaskQueries queries, TaskValidator validator, AgendaAccess access, TasksProperties properties,
                     Clock clock) {
        this.queries = queries;
        this.validator = validator;
        this.access = access;
        this.properties = properties;
        this.clock = clock;
    }

    record Agenda(String assigneeId, String timeZone, Instant generatedAt, List<TaskResponse> overdue,
                  List<TaskResponse> today, List<TaskResponse> upcoming, List<TaskResponse> unscheduled) {
    }

    @GetMapping
    Agenda agenda(@RequestParam(required = false) String assigneeId,
                  @RequestParam(required = false) String timeZone,
                  @RequestParam(defaultValue = "7") @Min(1) @Max(60) int days,
                  @RequestParam(defaultValue = "100") @Min(1) @Max(200) int limit) {
        String assignee = access.agendaOwner(validator.userId(assigneeId, "assigneeId", false));
        ZoneId zone = TaskValidator.zoneOrProblem(timeZone == null ? properties.defaultTimeZone() : timeZone, "timeZone");
        Instant now = clock.instant();
        LocalDate today = now.atZone(zone).toLocalDate();
        Instant tomorrow = today.plusDays(1).atStartOfDay(zone).toInstant();
        Instant horizon = today.plusDays(1 + days).atStartOfDay(zone).toInstant();
        return new Agenda(assignee, zone.getId(), now,
                view(queries.openDueBetween(assignee, null, now, limit), now),
                view(queries.openDueBetween(assignee, now, tomorrow, limit), now),
                view(queries.openDueBetween(assignee, tomorrow, horizon, limit), now),
                view(queries.openWithoutDueTime(assignee, limit), now));
    }

    private static List<TaskResponse> view(List<io.pulsecrm.tasks.tasks.Task> tasks, Instant now) {
        return tasks.stream().map(task -> TaskResponse.of(task, now)).toList();
    }
}
