package io.pulsecrm.tasks.tasks;

import static io.pulsecrm.platform.test.EventCollector.ofType;
import static io.pulsecrm.tasks.ProblemAssertions.assertProblem;
import static io.pulsecrm.tasks.ProblemAssertions.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventSchemaValidator;
import io.pulsecrm.platform.identity.Role;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.EventCollector;
import io.pulsecrm.platform.test.ServiceApiTest;
import io.pulsecrm.platform.test.TestIdentity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Who sees and changes which task (docs/identity.md): the assignee owns a task; reps see their own, managers their
 * team's, admins and partner clients all; creators keep sight of what they created; unassigned tasks are a shared
 * pool. A task the caller may not see is a 404 everywhere and never shows in a list.
 */
class TaskAccessTest extends ServiceApiTest {

    @RegisterExtension
    static final EventCollector events = EventCollector.forTopics(Task.TOPIC);

    /** Fresh members per test, so lists and counts hold only what the test made. */
    String eastRep;
    String otherEastRep;
    String westRep;
    String contact;

    @BeforeEach
    void people() {
        String suffix = port + "-" + System.nanoTime();
        eastRep = "east-rep-" + suffix;
        otherEastRep = "east-rep2-" + suffix;
        westRep = "west-rep-" + suffix;
        TestIdentity.shared().addUser(eastRep, Role.REP, "east");
        TestIdentity.shared().addUser(otherEastRep, Role.REP, "east");
        TestIdentity.shared().addUser(westRep, Role.REP, "west");
        contact = "contact-access-" + suffix;
    }

    @Test
    void aRepNeitherSeesNorChangesAnotherRepsTask() {
        String mine = create(apiAs(eastRep), "Mine", null);
        String theirs = create(apiAs(otherEastRep), "Theirs", null);
        assertThat(api.get("/api/tasks/" + mine).json().get("assigneeId").asString()).isEqualTo(eastRep);
        assertThat(api.get("/api/tasks/" + mine).json().get("creatorId").asString()).isEqualTo(eastRep);

        ApiClient other = apiAs(otherEastRep);
        Map<String, String> ifMatch = Map.of("If-Match", "\"0\"");
        assertProblem(other.get("/api/tasks/" + mine), 404, "");
        assertProblem(other.get("/api/tasks/" + mine + "/history"), 404, "");
        assertProblem(other.patch("/api/tasks/" + mine, "{\"title\":\"Hijacked\"}", ifMatch), 404, "");
        assertProblem(other.post("/api/tasks/" + mine + "/assign", "{\"assigneeId\":\"" + otherEastRep + "\"}", ifMatch), 404, "");
        assertProblem(other.post("/api/tasks/" + mine + "/complete", "{}", ifMatch), 404, "");
        assertProblem(other.post("/api/tasks/" + mine + "/cancel", "{}", ifMatch), 404, "");
        assertProblem(other.post("/api/tasks/" + mine + "/reopen", null, ifMatch), 404, "");
        // the same answer as for a task that does not exist
        Response missing = other.get("/api/tasks/0190f4c2-0000-7000-8000-00000000dead");
        assertThat(other.get("/api/tasks/" + mine).json().get("title").asString())
                .isEqualTo(missing.json().get("title").asString());

        Response untouched = api.get("/api/tasks/" + mine);
        assertThat(untouched.json().get("version").asLong()).isZero();
        assertThat(untouched.json().get("title").asString()).isEqualTo("Mine");

        assertThat(ids(apiAs(eastRep), "/api/tasks?contactId=" + contact)).containsExactly(mine);
        assertThat(ids(other, "/api/tasks?contactId=" + contact)).containsExactly(theirs);
        assertThat(ids(other, "/api/tasks?contactId=" + contact + "&assigneeId=" + eastRep)).isEmpty();
        assertProblem(other.get("/api/tasks/agenda?assigneeId=" + eastRep), 403, "own agenda");
        assertThat(apiAs(eastRep).get("/api/tasks/agenda").json().get("unscheduled").valueStream()
                .map(t -> t.get("id").asString()).toList()).containsExactly(mine);
    }

    @Test
    void pagesHoldOnlyVisibleTasksAndStayFull() {
        ApiClient rep = apiAs(eastRep);
        String a = create(rep, "A", null);
        create(apiAs(otherEastRep), "X", null);
        String b = create(rep, "B", null);
        create(apiAs(otherEastRep), "Y", null);
        create(apiAs(otherEastRep), "Z", null);
        String c = create(rep, "C", null);

        Response first = rep.get("/api/tasks?contactId=" + contact + "&limit=2");
        assertThat(ids(first)).containsExactly(a, b);
        Response second = rep.get("/api/tasks?contactId=" + contact + "&limit=2&cursor=" + first.json().get("nextCursor").asString());
        assertThat(ids(second)).containsExactly(c);
        assertThat(second.json().get("nextCursor").isNull()).isTrue();
    }

    @Test
    void managersSeeTheirTeamsTasksAndAdminsEveryones() {
        String east = create(apiAs(eastRep), "East", null);
        String west = create(apiAs(westRep), "West", null);

        ApiClient maria = apiAs(TestIdentity.EAST_MANAGER);
        ApiClient wes = apiAs(TestIdentity.WEST_MANAGER);
        assertThat(ids(maria, "/api/tasks?contactId=" + contact)).containsExactly(east);
        assertThat(ids(wes, "/api/tasks?contactId=" + contact)).containsExactly(west);
        assertThat(ids(api, "/api/tasks?contactId=" + contact)).containsExactly(east, west);

        assertProblem(maria.get("/api/tasks/" + west), 404, "");
        assertProblem(wes.get("/api/tasks/" + east), 404, "");
        assertProblem(wes.patch("/api/tasks/" + east, "{\"priority\":\"high\"}", Map.of("If-Match", "\"0\"")), 404, "");
        Response changed = maria.patch("/api/tasks/" + east, "{\"priority\":\"high\"}", Map.of("If-Match", "\"0\""));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(api.get("/api/tasks/" + west).status()).isEqualTo(200);

        assertThat(maria.get("/api/tasks/agenda?assigneeId=" + eastRep).status()).isEqualTo(200);
        assertProblem(wes.get("/api/tasks/agenda?assigneeId=" + eastRep), 403, "own team");
        assertThat(api.get("/api/tasks/agenda?assigneeId=" + eastRep).status()).isEqualTo(200);
    }

    @Test
    void creatorsKeepSightOfWhatTheyCreatedAndUnassignedTasksAreEveryones() {
        ApiClient maria = apiAs(TestIdentity.EAST_MANAGER);
        String given = create(maria, "Given to a rep", eastRep);
        Response created = api.get("/api/tasks/" + given);
        assertThat(created.json().get("assigneeId").asString()).isEqualTo(eastRep);
        assertThat(created.json().get("creatorId").asString()).isEqualTo(TestIdentity.EAST_MANAGER);
        assertThat(api.post("/api/tasks/" + given + "/assign", "{\"assigneeId\":\"" + westRep + "\"}",
                Map.of("If-Match", "\"0\"")).status()).isEqualTo(200);

        assertProblem(apiAs(eastRep).get("/api/tasks/" + given), 404, "");
        assertThat(apiAs(westRep).get("/api/tasks/" + given).status()).isEqualTo(200);
        assertThat(maria.get("/api/tasks/" + given).status()).isEqualTo(200);
        assertThat(ids(maria, "/api/tasks?contactId=" + contact)).containsExactly(given);

        ApiClient partner = apiAsClient("partner-pool", "tasks:write");
        String pooled = create(partner, "Nobody's yet", null);
        assertThat(api.get("/api/tasks/" + pooled).json().get("assigneeId").isNull()).isTrue();
        assertThat(apiAs(eastRep).get("/api/tasks/" + pooled).status()).isEqualTo(200);
        assertThat(ids(apiAs(westRep), "/api/tasks?contactId=" + contact)).containsExactly(given, pooled);
        // a rep takes a task from the pool
        Response taken = apiAs(eastRep).post("/api/tasks/" + pooled + "/assign", "{\"assigneeId\":\"" + eastRep + "\"}",
                Map.of("If-Match", "\"0\""));
        assertThat(taken.status()).as(taken.toString()).isEqualTo(200);
        assertProblem(apiAs(westRep).get("/api/tasks/" + pooled), 404, "");
    }

    @Test
    void aPartnerClientReadsWithTheReadScopeAndChangesOnlyWithTheWriteScope() {
        String task = create(apiAs(eastRep), "Partner", null);

        ApiClient reader = apiAsClient("partner-reader", "tasks:read");
        assertThat(reader.get("/api/tasks/" + task).status()).isEqualTo(200);
        assertThat(ids(reader, "/api/tasks?contactId=" + contact)).containsExactly(task);
        assertThat(reader.get("/api/tasks/" + task + "/history").status()).isEqualTo(200);
        assertProblem(reader.post("/api/tasks", "{\"type\":\"todo\",\"title\":\"No\"}"), 403, "");
        assertProblem(reader.patch("/api/tasks/" + task, "{\"title\":\"No\"}", Map.of("If-Match", "\"0\"")), 403, "");
        assertProblem(reader.post("/api/tasks/" + task + "/complete", "{}", Map.of("If-Match", "\"0\"")), 403, "");
        assertProblem(apiAsClient("partner-other", "contacts:read", "contacts:write").get("/api/tasks/" + task), 403, "");

        ApiClient writer = apiAsClient("partner-writer", "tasks:write");
        String created = create(writer, "From the ERP", eastRep);
        assertThat(writer.get("/api/tasks/" + created).json().get("assigneeId").asString()).isEqualTo(eastRep);
        Response completed = writer.post("/api/tasks/" + task + "/complete", "{}", Map.of("If-Match", "\"0\""));
        assertThat(completed.status()).as(completed.toString()).isEqualTo(200);
        assertThat(events.awaitEvent(ofType("pulse.task.created.v1", created)).actor()).isEqualTo("client:partner-writer");
        assertProblem(writer.post("/api/tasks", "{\"type\":\"todo\",\"title\":\"x\",\"assigneeId\":\"nobody-" + port + "\"}"),
                400, "invalid");
    }

    @Test
    void onlyManagersWithinTheirTeamAndAdminsReassignAndTheChangeIsAnEvent() {
        String task = create(apiAs(eastRep), "Reassign me", null);
        Map<String, String> v0 = Map.of("If-Match", "\"0\"");

        assertProblem(apiAs(eastRep).post("/api/tasks/" + task + "/assign", assign(otherEastRep), v0), 403, "");
        Response unknown = apiAs(TestIdentity.EAST_MANAGER).post("/api/tasks/" + task + "/assign", assign("nobody-" + port), v0);
        assertProblem(unknown, 400, "");
        assertThat(fields(unknown)).containsExactly("assigneeId");
        assertProblem(apiAs(TestIdentity.EAST_MANAGER).post("/api/tasks/" + task + "/assign", assign(westRep), v0), 403, "own team");

        Response moved = apiAs(TestIdentity.EAST_MANAGER).post("/api/tasks/" + task + "/assign", assign(otherEastRep), v0);
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        assertThat(moved.json().get("assigneeId").asString()).isEqualTo(otherEastRep);
        EventEnvelope assigned = events.awaitEvent(ofType("pulse.task.assigned.v1", task));
        assertThat(assigned.actor()).isEqualTo(TestIdentity.EAST_MANAGER);
        assertThat(assigned.data().get("previousAssigneeId").asString()).isEqualTo(eastRep);
        assertThat(assigned.data().get("assigneeId").asString()).isEqualTo(otherEastRep);
        assertThat(events.records()).filteredOn(r -> r.key().equals(task))
                .allSatisfy(r -> EventSchemaValidator.assertValid(r.value()));
        assertThat(apiAs(otherEastRep).get("/api/tasks/" + task).status()).isEqualTo(200);
        assertProblem(apiAs(TestIdentity.EAST_REP).get("/api/tasks/" + task), 404, "");

        Response acrossTeams = api.post("/api/tasks/" + task + "/assign", assign(westRep), Map.of("If-Match", "\"1\""));
        assertThat(acrossTeams.status()).as(acrossTeams.toString()).isEqualTo(200);
        assertThat(apiAs(westRep).get("/api/tasks/" + task).status()).isEqualTo(200);
    }

    @Test
    void newTasksGoToPeopleTheCallerMayAssign() {
        ApiClient rep = apiAs(eastRep);
        assertProblem(rep.post("/api/tasks", body("x", otherEastRep)), 403, "");
        Response unknown = rep.post("/api/tasks", body("x", "nobody-" + port));
        assertProblem(unknown, 400, "invalid");
        assertThat(fields(unknown)).containsExactly("assigneeId");
        Response creator = rep.post("/api/tasks", "{\"type\":\"todo\",\"title\":\"x\",\"creatorId\":\"" + otherEastRep + "\"}");
        assertProblem(creator, 400, "invalid");
        assertThat(fields(creator)).containsExactly("creatorId");
        assertProblem(rep.post("/api/tasks", "{\"type\":\"todo\",\"title\":\"x\",\"followUp\":{\"type\":\"call\","
                + "\"title\":\"y\",\"assigneeId\":\"" + otherEastRep + "\"}}"), 403, "");
        Response manager = rep.post("/api/tasks", "{\"type\":\"todo\",\"title\":\"x\",\"managerId\":\"nobody-" + port + "\"}");
        assertProblem(manager, 400, "invalid");
        assertThat(fields(manager)).containsExactly("managerId");

        assertProblem(apiAs(TestIdentity.EAST_MANAGER).post("/api/tasks", body("x", westRep)), 403, "own team");
        assertThat(apiAs(TestIdentity.EAST_MANAGER).post("/api/tasks", body("x", otherEastRep)).status()).isEqualTo(201);
        assertThat(api.post("/api/tasks", body("x", westRep)).status()).isEqualTo(201);
        assertThat(ids(api, "/api/tasks?contactId=" + contact)).hasSize(2);
    }

    @Test
    void theHistoryShowsWhoChangedWhatFromWhatToWhat() {
        ApiClient rep = apiAs(eastRep);
        String task = create(rep, "Before", null);
        assertThat(rep.patch("/api/tasks/" + task, "{\"title\":\"After\"}", Map.of("If-Match", "\"0\"")).status()).isEqualTo(200);
        assertThat(apiAs(TestIdentity.EAST_MANAGER).post("/api/tasks/" + task + "/assign", assign(otherEastRep),
                Map.of("If-Match", "\"1\"")).status()).isEqualTo(200);

        // history lines are written when the events are published
        Response history = await().atMost(Duration.ofSeconds(20)).until(
                () -> api.get("/api/tasks/" + task + "/history"), r -> r.json().get("items").size() == 3);
        List<JsonNode> items = history.json().get("items").valueStream().toList();
        assertThat(items).extracting(i -> i.get("type").asString())
                .containsExactly("pulse.task.assigned.v1", "pulse.task.updated.v1", "pulse.task.created.v1");
        assertThat(items).extracting(i -> i.get("actor").asString())
                .containsExactly(TestIdentity.EAST_MANAGER, eastRep, eastRep);
        assertThat(change(items.get(1), "title").get("from").asString()).isEqualTo("Before");
        assertThat(change(items.get(1), "title").get("to").asString()).isEqualTo("After");
        assertThat(change(items.get(0), "assigneeId").get("from").asString()).isEqualTo(eastRep);
        assertThat(change(items.get(0), "assigneeId").get("to").asString()).isEqualTo(otherEastRep);
        assertThat(items.get(0).get("changes").valueStream().map(c -> c.get("field").asString()))
                .doesNotContain("nextTimerAt", "version", "updatedAt");

        // the new assignee sees it, and its creator still does; other reps and other teams' managers do not
        assertThat(apiAs(otherEastRep).get("/api/tasks/" + task + "/history").status()).isEqualTo(200);
        assertThat(rep.get("/api/tasks/" + task + "/history").status()).isEqualTo(200);
        assertProblem(apiAs(TestIdentity.EAST_REP).get("/api/tasks/" + task + "/history"), 404, "");
        assertProblem(apiAs(TestIdentity.WEST_MANAGER).get("/api/tasks/" + task + "/history"), 404, "");
        assertThat(api.get("/api/tasks/" + task + "/history?limit=1").json().get("items").size()).isEqualTo(1);
        assertProblem(api.get("/api/tasks/" + task + "/history?limit=0"), 400, "");
    }

    private static JsonNode change(JsonNode entry, String field) {
        return entry.get("changes").valueStream().filter(c -> c.get("field").asString().equals(field)).findFirst()
                .orElseThrow(() -> new AssertionError("no change of " + field + " in " + entry));
    }

    private static String assign(String assignee) {
        return "{\"assigneeId\":\"" + assignee + "\"}";
    }

    private String body(String title, String assignee) {
        return "{\"type\":\"todo\",\"title\":\"" + title + "\",\"contactId\":\"" + contact + "\""
                + (assignee == null ? "" : ",\"assigneeId\":\"" + assignee + "\"") + "}";
    }

    private String create(ApiClient client, String title, String assignee) {
        Response response = client.post("/api/tasks", body(title, assignee));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("id").asString();
    }

    private static List<String> ids(ApiClient client, String path) {
        return ids(client.get(path));
    }

    private static List<String> ids(Response page) {
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        return page.json().get("items").valueStream().map(item -> item.get("id").asString()).toList();
    }
}
