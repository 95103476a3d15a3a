package io.pulsecrm.tasks.agenda;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.pulsecrm.platform.identity.Member;
import io.pulsecrm.platform.identity.Team;
import io.pulsecrm.platform.security.Visibility;
import io.pulsecrm.tasks.tasks.Task;
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
 * {@code GET /api/tasks/team}: a manager's view of their team's workload: every member's open tasks (overdue and
 * due ones by due time, then unscheduled ones) with counts of open, overdue and due-today tasks. Managers see
 * their own team; admins and partner clients name a team; reps are refused (403). Counts and lists come from the
 * same visibility-restricted queries as everything else.
 */
@RestController
@Validated
@RequestMapping(path = "/api/tasks/team", produces = MediaType.APPLICATION_JSON_VALUE)
class TeamController {

    private final TaskQueries queries;
    private final AgendaAccess access;
    private final Visibility visibility;
    private final TasksProperties properties;
    private final Clock clock;

    TeamController(TaskQueries queries, AgendaAccess access, Visibility visibility, TasksProperties properties,
                   Clock clock) {
        this.queries = queries;
        this.access = access;
        this.visibility = visibility;
        this.properties = properties;
        this.clock = clock;
    }

    record Counts(long open, long overdue, long dueToday, long unscheduled) {

        Counts plus(Counts other) {
            return new Counts(open + other.open, overdue + other.overdue, dueToday + other.dueToday,
                    unscheduled + other.unscheduled);
        }
    }

    /** @param tasks the member's open tasks, at most {@code limit}: by due time, then the unscheduled ones */
    record MemberWorkload(String userId, String name, Counts counts, List<TaskResponse> tasks) {
    }

    record TeamWorkload(String team, String name, String managerId, String timeZone, Instant generatedAt,
                        Counts totals, List<MemberWorkload> members) {
    }

    @GetMapping
    TeamWorkload team(@RequestParam(required = false) String team,
                      @RequestParam(required = false) String timeZone,
                      @RequestParam(defaultValue = "20") @Min(0) @Max(100) int limit) {
        String teamId = access.team(team);
        ZoneId zone = TaskValidator.zoneOrProblem(timeZone == null ? properties.defaultTimeZone() : timeZone, "timeZone");
        Instant now = clock.instant();
        Instant tomorrow = now.atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
        var directory = visibility.directory().snapshot();
        Team details = directory.team(teamId).orElse(new Team(teamId, teamId, null));
        List<Member> members = visibility.directory().memberIds(teamId).stream()
                .map(id -> directory.user(id).orElse(new Member(id, id, null, List.of(), teamId, null)))
                .sorted(Comparator.comparing((Member m) -> m.name() == null ? m.id() : m.name()).thenComparing(Member::id))
                .toList();
        List<MemberWorkload> workloads = new ArrayList<>();
        Counts totals = new Counts(0, 0, 0, 0);
        for (Member member : members) {
            String id = member.id();
            long scheduled = queries.countOpenDueBetween(id, null, null);
            long unscheduled = queries.countOpenWithoutDueTime(id);
            Counts counts = new Counts(scheduled + unscheduled, queries.countOpenDueBetween(id, null, now),
                    queries.countOpenDueBetween(id, now, tomorrow), unscheduled);
            totals = totals.plus(counts);
            List<Task> tasks = new ArrayList<>(limit == 0 ? List.of() : queries.openDueBetween(id, null, null, limit));
            if (tasks.size() < limit) {
                tasks.addAll(queries.openWithoutDueTime(id, limit - tasks.size()));
            }
            workloads.add(new MemberWorkload(id, member.name(), counts,
                    tasks.stream().map(task -> TaskResponse.of(task, now)).toList()));
        }
        return new TeamWorkload(teamId, details.name(), details.managerId(), zone.getId(), now, totals, workloads);
    }
}
