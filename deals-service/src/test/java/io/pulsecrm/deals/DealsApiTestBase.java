package io.pulsecrm.deals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.pulsecrm.deals.deals.Deal;
import io.pulsecrm.deals.pipelines.Pipeline;
import io.pulsecrm.deals.products.Product;
import io.pulsecrm.platform.identity.Role;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.EventCollector;
import io.pulsecrm.platform.test.ServiceApiTest;
import io.pulsecrm.platform.test.TestIdentity;
import io.pulsecrm.deals.documents.TestMailServer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** One application context shared by the API tests (same configuration), plus helpers to build pipelines and deals. */
public abstract class DealsApiTestBase extends ServiceApiTest {

    @RegisterExtension
    protected static final EventCollector events = EventCollector.forTopics(Deal.TOPIC, Pipeline.TOPIC, Product.TOPIC);

    /** Owner ids the tests use besides the directory's own members: owners must be known users (reps of team east). */
    protected static final List<String> TEST_OWNERS = List.of("u", "u-ada", "u-mover", "o", "ann", "ben", "cat", "user-1");

    /** Documents are emailed to a real SMTP server (GreenMail), the same for every API test, so they share one context. */
    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", TestMailServer::port);
    }

    static {
        TEST_OWNERS.forEach(id -> TestIdentity.shared().addUser(id, Role.REP, "east"));
    }

    /** A fresh rep of {@code team}, for tests that need owners of their own (figures of nobody else's deals). */
    protected static String newRep(String team) {
        String id = "rep-" + UUID.randomUUID().toString().substring(0, 8);
        TestIdentity.shared().addUser(id, Role.REP, team);
        return id;
    }

    /** Lead (open 10%) → Qualified (open 30%) → Proposal (open 60%, needs amount and close date) → Negotiation (open 80%) → Won / Lost. */
    protected JsonNode createSalesPipeline(String name) {
        Response created = api.post("/api/pipelines", """
                {"name":"%s","lostReasons":["Price","Competitor","No budget"],"stages":[
                  {"name":"Lead","probability":10},
                  {"name":"Qualified","probability":30},
                  {"name":"Proposal","probability":60,"requiredFields":["amount","expectedCloseDate"]},
                  {"name":"Negotiation","probability":80},
                  {"name":"Won","kind":"won"},
                  {"name":"Lost","kind":"lost"}]}""".formatted(name));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    protected static String stageId(JsonNode pipeline, String name) {
        for (JsonNode stage : pipeline.get("stages")) {
            if (stage.get("name").asString().equals(name)) {
                return stage.get("id").asString();
            }
        }
        throw new AssertionError("no stage " + name + " in " + pipeline);
    }

    protected JsonNode createDeal(String pipelineId, String body) {
        Response created = api.post("/api/deals", body.replace("$PIPELINE", pipelineId));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    protected JsonNode action(JsonNode deal, String action, String body) {
        Response response = api.post("/api/deals/" + deal.get("id").asString() + "/" + action, body,
                Map.of("If-Match", "\"" + deal.get("version").asLong() + "\""));
        assertThat(response.status()).as(action + " " + response).isEqualTo(200);
        return response.json();
    }

    protected Response tryAction(JsonNode deal, String action, String body) {
        return api.post("/api/deals/" + deal.get("id").asString() + "/" + action, body,
                Map.of("If-Match", "\"" + deal.get("version").asLong() + "\""));
    }

    /** Waits until the statistics have been built once (at a fresh start they are built from the deals first). */
    protected void awaitStatistics() {
        await().atMost(Duration.ofSeconds(60)).until(() -> !api.get("/api/deals/stats").json().get("active").isNull());
    }

    protected static void assertProblem(Response response, int status, String detailContains) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).as(response.toString()).startsWith("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.json().get("detail").asString()).as(response.toString()).contains(detailContains);
    }

    protected static void assertFieldError(Response response, String field) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("errors").valueStream().map(e -> e.get("field").asString()).toList())
                .as(response.toString()).contains(field);
    }
}
