package io.pulsecrm.tasks.calendar;

import static io.pulsecrm.tasks.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

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

@PulseInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class CalendarFeedTest {

    @LocalServerPort
    int port;
    ApiClient api;

    @BeforeEach
    void client() {
        api = ApiClient.localhost(port).as(TestIdentity.ADMIN);
    }

    @Test
    void aUsersTasksAreServedAsAnICalendarFeedAtASecretUrlThatCanBeRotated() {
        String user = "rep-ics-" + System.nanoTime();
        TestIdentity.shared().addUser(user, Role.REP, "west");
        TestIdentity.shared().addUser("someone-else", Role.REP, "west");
        api.post("/api/tasks", """
                {"type":"meeting","title":"Demo, with ACME; part 1","dueAt":"2030-05-02T14:00","timeZone":"Europe/London",
                 "durationMinutes":45,"assigneeId":"%s","description":"Line one\\nLine two"}""".formatted(user));
        api.post("/api/tasks", """
                {"type":"call","title":"Call back","dueAt":"2030-05-03T08:00:00Z","assigneeId":"%s"}""".formatted(user));
        String cancelled = api.post("/api/tasks", """
                {"type":"call","title":"Never mind","dueAt":"2030-05-04T08:00:00Z","assigneeId":"%s"}""".formatted(user))
                .json().get("id").asString();
        api.post("/api/tasks/" + cancelled + "/cancel", null, Map.of("If-Match", "\"0\""));
        api.post("/api/tasks", """
                {"type":"call","title":"Not mine","dueAt":"2030-05-03T08:00:00Z","assigneeId":"someone-else"}""");

        Response issued = api.post("/api/tasks/calendar-feeds", "{\"userId\":\"" + user + "\"}");
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        String url = issued.json().get("url").asString();
        assertThat(url).startsWith("/api/tasks/calendar-feeds/").endsWith(".ics");

        // calendar apps cannot send a bearer token: the secret URL is the credential
        Response feed = api.anonymous().get(url);
        assertThat(feed.status()).as(feed.toString()).isEqualTo(200);
        assertThat(feed.header("Content-Type")).startsWith("text/calendar");
        String ics = feed.body();
        assertThat(ics).startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n").endsWith("END:VCALENDAR\r\n");
        assertThat(ics.split("BEGIN:VEVENT", -1)).hasSize(3);
        // 14:00 London summer time is 13:00 UTC; the meeting lasts 45 minutes
        assertThat(ics).contains("DTSTART:20300502T130000Z\r\n", "DTEND:20300502T134500Z\r\n",
                "SUMMARY:Demo\\, with ACME\\; part 1\r\n", "DESCRIPTION:Line one\\nLine two\r\n",
                "DTSTART:20300503T080000Z\r\n", "DTEND:20300503T081500Z\r\n");
        assertThat(ics).doesNotContain("Not mine", "Never mind");

        Response rotated = api.post("/api/tasks/calendar-feeds", "{\"userId\":\"" + user + "\"}");
        String newUrl = rotated.json().get("url").asString();
        assertThat(newUrl).isNotEqualTo(url);
        assertThat(api.get(newUrl).status()).isEqualTo(200);
        assertProblem(api.get(url), 404, "");
    }

    @Test
    void unknownTokensAndUnknownUsersAreRefused() {
        assertProblem(api.anonymous().get("/api/tasks/calendar-feeds/not-a-token.ics"), 404, "");
        assertProblem(api.anonymous().get("/api/tasks/calendar-feeds/" + "A".repeat(43) + ".ics"), 404, "");
        assertProblem(api.post("/api/tasks/calendar-feeds", "{\"userId\":\"nobody-" + port + "\"}"), 400, "invalid fields");
        assertProblem(api.post("/api/tasks/calendar-feeds", "{\"userId\":\"a.b\"}"), 400, "invalid fields");
        // only the feed itself is public
        assertThat(api.anonymous().post("/api/tasks/calendar-feeds", "{}").status()).isEqualTo(401);
    }

    @Test
    void membersIssueTheirOwnFeedAndOnlyAdminsIssueSomeoneElses() {
        Response own = api.as(TestIdentity.EAST_REP).post("/api/tasks/calendar-feeds", "{}");
        assertThat(own.status()).as(own.toString()).isEqualTo(201);
        assertThat(own.json().get("userId").asString()).isEqualTo(TestIdentity.EAST_REP);
        assertThat(api.as(TestIdentity.EAST_REP).post("/api/tasks/calendar-feeds",
                "{\"userId\":\"" + TestIdentity.EAST_REP + "\"}").status()).isEqualTo(201);

        assertProblem(api.as(TestIdentity.EAST_REP).post("/api/tasks/calendar-feeds",
                "{\"userId\":\"" + TestIdentity.OTHER_EAST_REP + "\"}"), 403, "admins");
        assertProblem(api.as(TestIdentity.EAST_MANAGER).post("/api/tasks/calendar-feeds",
                "{\"userId\":\"" + TestIdentity.EAST_REP + "\"}"), 403, "admins");
        assertProblem(api.withToken(TestIdentity.shared().clientToken("partner-ics", "tasks:write"))
                .post("/api/tasks/calendar-feeds", "{\"userId\":\"" + TestIdentity.EAST_REP + "\"}"), 403, "personal");

        Response forAda = api.post("/api/tasks/calendar-feeds", "{\"userId\":\"" + TestIdentity.EAST_REP + "\"}");
        assertThat(forAda.status()).as(forAda.toString()).isEqualTo(201);
        assertThat(api.anonymous().get(forAda.json().get("url").asString()).status()).isEqualTo(200);
        // issuing again rotated the rep's own URL
        assertProblem(api.anonymous().get(own.json().get("url").asString()), 404, "");
    }

    @Test
    void longLinesAreFoldedAt75Octets() {
        String summary = "é".repeat(60);
        String ics = IcsWriter.write("x", java.util.List.of(new io.pulsecrm.tasks.tasks.TaskEvents.TaskSnapshot(
                "id-1", "todo", summary, null, "open", "normal", java.time.Instant.parse("2030-01-01T00:00:00Z"), "UTC",
                null, null, null, null, null, null, null, java.util.List.of(), java.util.List.of(), null, null, 1, null,
                null, null, null, null, null, java.time.Instant.EPOCH, java.time.Instant.EPOCH)),
                java.time.Duration.ofMinutes(15), java.time.Instant.EPOCH);
        for (String line : ics.split("\r\n")) {
            assertThat(line.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(75);
        }
        assertThat(ics.replace("\r\n ", "")).contains("SUMMARY:" + summary);
    }
}
