package io.pulsecrm.tasks.agenda;

import static io.pulsecrm.tasks.ProblemAssertions.assertProblem;
import static io.pulsecrm.tasks.ProblemAssertions.fields;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.pulsecrm.platform.identity.Role;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.ServiceApiTest;
import io.pulsecrm.platform.test.TestIdentity;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/tasks/team}: a manager's view of their team's open tasks and who is behind. */
class TeamViewTest extends ServiceApiTest {

    @Test
    void aManagerSeesTheirTeamsOpenTasksPerMemberWithOverdueCounts() {
        String suffix = port + "-" + System.nanoTime();
        String busy = "team-busy-" + suffix;
        String behind = "team-behind-" + suffix;
        String west = "team-west-" + suffix;
        TestIdentity.shared().addUser(busy, Role.REP, "east");
        TestIdentity.shared().addUser(behind, Role.REP, "east");
        TestIdentity.shared().addUser(west, Role.REP, "west");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        String unscheduled = create(busy, null);
        String upcoming = create(busy, now.plus(20, ChronoUnit.DAYS));
        String overdue = create(busy, now.minus(2, ChronoUnit.HOURS));
        String done = create(busy, null);
        assertThat(api.post("/api/tasks/" + done + "/complete", "{}", java.util.Map.of("If-Match", "\"0\"")).status())
                .isEqualTo(200);
        String late = create(behind, now.minus(1, ChronoUnit.DAYS));
        create(west, now.minus(1, ChronoUnit.DAYS));

        Response view = apiAs(TestIdentity.EAST_MANAGER).get("/api/tasks/team");
        assertThat(view.status()).as(view.toString()).isEqualTo(200);
        assertThat(view.json().get("team").asString()).isEqualTo("east");
        assertThat(view.json().get("managerId").asString()).isEqualTo(TestIdentity.EAST_MANAGER);
        List<String> members = view.json().get("members").valueStream().map(m -> m.get("userId").asString()).toList();
        assertThat(members).contains(TestIdentity.EAST_REP, TestIdentity.OTHER_EAST_REP, TestIdentity.EAST_MANAGER, busy, behind)
                .doesNotContain(west, TestIdentity.WEST_REP);

        JsonNode busyView = member(view, busy);
        assertThat(busyView.at("/counts/open").asLong()).isEqualTo(3);
        assertThat(busyView.at("/counts/overdue").asLong()).isEqualTo(1);
        assertThat(busyView.at("/counts/dueToday").asLong()).isZero();
        assertThat(busyView.at("/counts/unscheduled").asLong()).isEqualTo(1);
        // by due time, the unscheduled ones last; done tasks are not workload
        assertThat(ids(busyView.get("tasks"))).containsExactly(overdue, upcoming, unscheduled);
        JsonNode behindView = member(view, behind);
        assertThat(behindView.at("/counts/open").asLong()).isEqualTo(1);
        assertThat(behindView.at("/counts/overdue").asLong()).isEqualTo(1);
        assertThat(ids(behindView.get("tasks"))).containsExactly(late);
        assertThat(view.json().at("/totals/overdue").asLong()).isGreaterThanOrEqualTo(2);

        Response capped = apiAs(TestIdentity.EAST_MANAGER).get("/api/tasks/team?team=east&limit=1");
        assertThat(ids(member(capped, busy).get("tasks"))).containsExactly(overdue);
        assertThat(member(capped, busy).at("/counts/open").asLong()).isEqualTo(3);
    }

    @Test
    void repsCannotAndManagersOnlyForTheirOwnTeamWhileAdminsNameAnyTeam() {
        assertProblem(apiAs(TestIdentity.EAST_REP).get("/api/tasks/team"), 403, "managers");
        assertProblem(apiAs(TestIdentity.WEST_MANAGER).get("/api/tasks/team?team=east"), 403, "own team");
        assertThat(apiAs(TestIdentity.WEST_MANAGER).get("/api/tasks/team").json().get("team").asString()).isEqualTo("west");

        Response noTeam = api.get("/api/tasks/team");
        assertProblem(noTeam, 400, "");
        assertThat(fields(noTeam)).containsExactly("team");
        assertProblem(api.get("/api/tasks/team?team=atlantis"), 400, "");
        Response west = api.get("/api/tasks/team?team=west");
        assertThat(west.status()).as(west.toString()).isEqualTo(200);
        assertThat(west.json().get("members").valueStream().map(m -> m.get("userId").asString()))
                .contains(TestIdentity.WEST_MANAGER, TestIdentity.WEST_REP);
        ApiClient partner = apiAsClient("partner-team", "tasks:read");
        assertThat(partner.get("/api/tasks/team?team=east").status()).isEqualTo(200);
    }

    private static JsonNode member(Response view, String userId) {
        return view.json().get("members").valueStream().filter(m -> m.get("userId").asString().equals(userId))
                .findFirst().orElseThrow(() -> new AssertionError(userId + " not in " + view));
    }

    private String create(String assignee, Instant due) {
        String dueField = due == null ? "" : ",\"dueAt\":\"" + due + "\"";
        Response response = api.post("/api/tasks", "{\"type\":\"todo\",\"title\":\"Team\",\"assigneeId\":\"" + assignee + "\"" + dueField + "}");
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("id").asString();
    }

    private static List<String> ids(JsonNode items) {
        return items.valueStream().map(item -> item.get("id").asString()).toList();
    }
}
