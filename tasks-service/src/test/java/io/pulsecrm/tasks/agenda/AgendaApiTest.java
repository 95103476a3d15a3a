package io.pulsecrm.tasks.agenda;

import static io.pulsecrm.tasks.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.PulseInfrastructure;
import io.pulsecrm.platform.identity.Role;
import io.pulsecrm.platform.test.TestIdentity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

@PulseInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class AgendaApiTest {

    @LocalServerPort
    int port;
    ApiClient api;

    @BeforeEach
    void client() {
        api = ApiClient.localhost(port).as(TestIdentity.ADMIN);
    }

    @Test
    void theAgendaSplitsAnAssigneesOpenTasksIntoOverdueTodayUpcomingAndUnscheduled() {
        String rep = "rep-agenda-" + System.nanoTime();
        TestIdentity.shared().addUser(rep, Role.REP, "west");
        TestIdentity.shared().addUser("someone-else", Role.REP, "west");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // a zone where it is around noon now, so "today" has hours left on both sides whatever the test's time
        int hour = now.atOffset(ZoneOffset.UTC).getHour();
        String zone = ZoneOffset.ofHours(12 - hour).getId();

        String overdue = create(rep, now.minus(1, ChronoUnit.HOURS));
        String today = create(rep, now.plus(2, ChronoUnit.HOURS));
        String upcoming = create(rep, now.plus(2, ChronoUnit.DAYS));
        create(rep, now.plus(30, ChronoUnit.DAYS));
        String unscheduled = create(rep, null);
        String done = create(rep, now.minus(2, ChronoUnit.HOURS));
        // already past due: its one-time overdue notice bumps the version; complete with the version then current
        await().atMost(Duration.ofSeconds(30)).until(() -> "\"1\"".equals(api.get("/api/tasks/" + done).header("ETag")));
        assertThat(api.post("/api/tasks/" + done + "/complete", null, Map.of("If-Match", "\"1\"")).status()).isEqualTo(200);
        create("someone-else", now.minus(1, ChronoUnit.HOURS));

        Response agenda = api.get("/api/tasks/agenda?assigneeId=" + rep + "&timeZone=" + zone.replace("+", "%2B") + "&days=7");
        assertThat(agenda.status()).as(agenda.toString()).isEqualTo(200);
        assertThat(ids(agenda.json().get("overdue"))).containsExactly(overdue);
        assertThat(agenda.json().get("overdue").get(0).get("overdue").asBoolean()).isTrue();
        assertThat(ids(agenda.json().get("today"))).containsExactly(today);
        assertThat(ids(agenda.json().get("upcoming"))).containsExactly(upcoming);
        assertThat(ids(agenda.json().get("unscheduled"))).containsExactly(unscheduled);
    }

    @Test
    void anAgendaIsTheCallersUnlessAnotherAssigneeInTheirScopeIsNamed() {
        Response own = api.get("/api/tasks/agenda");
        assertThat(own.status()).as(own.toString()).isEqualTo(200);
        assertThat(own.json().get("assigneeId").asString()).isEqualTo(TestIdentity.ADMIN);
        assertThat(api.as(TestIdentity.EAST_REP).get("/api/tasks/agenda").json().get("assigneeId").asString())
                .isEqualTo(TestIdentity.EAST_REP);

        assertProblem(api.get("/api/tasks/agenda?assigneeId=nobody-" + port + "&timeZone=UTC"), 400, "invalid fields");
        assertProblem(api.get("/api/tasks/agenda?assigneeId=ada&timeZone=Atlantis/Capital"), 400, "invalid fields");
        assertProblem(api.get("/api/tasks/agenda?assigneeId=ada&days=0"), 400, "");
        // a partner client has no agenda of its own: it names the assignee
        ApiClient partner = api.withToken(TestIdentity.shared().clientToken("partner-agenda", "tasks:read"));
        assertProblem(partner.get("/api/tasks/agenda"), 400, "invalid fields");
        assertThat(partner.get("/api/tasks/agenda?assigneeId=ada").status()).isEqualTo(200);
    }

    private String create(String assignee, Instant due) {
        String dueField = due == null ? "" : ",\"dueAt\":\"" + due + "\"";
        Response response = api.post("/api/tasks", "{\"type\":\"todo\",\"title\":\"Agenda\",\"assigneeId\":\"" + assignee + "\"" + dueField + "}");
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("id").asString();
    }

    private static List<String> ids(JsonNode items) {
        return items.valueStream().map(item -> item.get("id").asString()).toList();
    }
}
