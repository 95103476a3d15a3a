package io.pulsecrm.contacts.conversion;

import static io.pulsecrm.platform.test.EventCollector.ofType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.pulsecrm.contacts.contacts.Contact;
import io.pulsecrm.contacts.leads.TestFormTokens;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventSchemaValidator;
import io.pulsecrm.platform.events.Ids;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.EventCollector;
import io.pulsecrm.platform.test.ServiceApiTest;
import io.pulsecrm.platform.test.TestEvents;
import io.pulsecrm.platform.test.TestIdentity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * A lead becomes a deal: the conversion, its event (validated against its schema), its idempotence, and everything
 * refused up front. Pipelines reach this service as deals-service publishes them (pulse.deals.pipeline.v1).
 */
class ConversionTest extends ServiceApiTest {

    @RegisterExtension
    static final EventCollector events = EventCollector.forTopics(Contact.TOPIC);
    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    @Autowired
    ApplicationContext context;

    private String pipelineId;

    @BeforeEach
    void aPipelineDealsServicePublished() {
        pipelineId = Ids.newId();
        TestEvents.publish(PipelineStages.TOPIC, TestEvents.event("pulse.pipeline.created.v1", "/pulse/deals-service",
                pipelineId, java.time.Instant.now(), 1, Map.of("pipeline", Map.of("id", pipelineId, "name", "Sales",
                        "stages", List.of(stage("new", "open", List.of()), stage("proposal", "open", List.of("amount")),
                                stage("won", "won", List.of()), stage("lost", "lost", List.of())),
                        "lostReasons", List.of(), "createdAt", "2026-01-01T00:00:00Z", "updatedAt", "2026-01-01T00:00:00Z"))));
        await().atMost(Duration.ofSeconds(30)).until(() -> context.getBean(PipelineStages.class).find(pipelineId).isPresent());
    }

    @Test
    void aLeadConvertsOnceIntoADealWithItsCompanyAndTheEventSaysWhatToOpen() {
        ApiClient ada = apiAs(TestIdentity.EAST_REP);
        String contactId = create(ada, "{\"firstName\":\"Lena\",\"lastName\":\"Lead\",\"email\":\"lena-" + System.nanoTime()
                + "@example.com\",\"lifecycleStage\":\"lead\"}");

        Response converted = ada.post("/api/contacts/" + contactId + "/convert", """
                {"pipelineId":"%s","stageId":"proposal","amount":1200.50,"currency":"eur","companyName":"Lena's Bakery",
                 "contactRole":"champion"}""".formatted(pipelineId));
        assertThat(converted.status()).as(converted.toString()).isEqualTo(202);
        String dealId = converted.json().get("dealId").asString();
        assertThat(converted.json().get("dealUrl").asString()).isEqualTo("/deals/" + dealId);
        assertThat(converted.header("Location")).isEqualTo("/api/deals/" + dealId);
        String companyId = converted.json().get("companyId").asString();
        assertThat(converted.json().get("companyCreated").asBoolean()).isTrue();

        var contact = ada.get("/api/contacts/" + contactId).json();
        assertThat(contact.get("lifecycleStage").asString()).isEqualTo("opportunity");
        assertThat(contact.get("companyId").asString()).isEqualTo(companyId);
        assertThat(contact.at("/conversion/dealId").asString()).isEqualTo(dealId);
        assertThat(contact.at("/conversion/convertedBy").asString()).isEqualTo(TestIdentity.EAST_REP);
        assertThat(ada.get("/api/companies/" + companyId).json().get("name").asString()).isEqualTo("Lena's Bakery");

        EventEnvelope event = events.awaitEvent(ofType("pulse.contact.converted.v1", contactId));
        assertThat(event.data().get("dealId").asString()).isEqualTo(dealId);
        assertThat(event.data().at("/deal/name").asString()).isEqualTo("Lena's Bakery");
        assertThat(event.data().at("/deal/amount").asString()).isEqualTo("1200.5");
        assertThat(event.data().at("/deal/currency").asString()).isEqualTo("EUR");
        assertThat(event.data().at("/deal/ownerId").asString()).isEqualTo(TestIdentity.EAST_REP);
        assertThat(event.data().at("/deal/contactRole").asString()).isEqualTo("champion");
        assertThat(event.data().at("/deal/stageId").asString()).isEqualTo("proposal");
        assertThat(event.data().get("companyId").asString()).isEqualTo(companyId);
        assertThat(event.actor()).isEqualTo(TestIdentity.EAST_REP);
        EventEnvelope updated = events.awaitEvent(e -> e.type().equals("pulse.contact.updated.v1") && contactId.equals(e.subject())
                && e.data().at("/changes/lifecycleStage/to").asString("").equals("opportunity"));
        assertThat(updated.aggregateVersion()).isEqualTo(event.aggregateVersion() - 1);
        assertThat(events.records()).filteredOn(r -> r.key().equals(contactId))
                .allSatisfy(r -> EventSchemaValidator.assertValid(r.value()));

        // asked again (a retry, a double click, someone else): the first conversion, no second deal
        Response again = api.post("/api/contacts/" + contactId + "/convert", "{\"pipelineId\":\"" + pipelineId + "\"}");
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.json().get("dealId").asString()).isEqualTo(dealId);
        assertThat(events.events()).filteredOn(ofType("pulse.contact.converted.v1", contactId)::test).hasSize(1);
    }

    @Test
    void aRetriedRequestWithItsIdempotencyKeyGetsTheFirstAnswer() {
        String contactId = create(api, "{\"firstName\":\"Retry\",\"lifecycleStage\":\"qualified\"}");
        String key = "convert-" + System.nanoTime();
        String body = "{\"pipelineId\":\"" + pipelineId + "\",\"dealName\":\"Retry deal\"}";
        Response first = api.post("/api/contacts/" + contactId + "/convert", body, Map.of("Idempotency-Key", key));
        Response retried = api.post("/api/contacts/" + contactId + "/convert", body, Map.of("Idempotency-Key", key));
        assertThat(first.status()).as(first.toString()).isEqualTo(202);
        assertThat(retried.status()).isEqualTo(202);
        assertThat(retried.json().get("dealId").asString()).isEqualTo(first.json().get("dealId").asString());
        // no company named and none on the contact: a deal without one, named as asked, in the first open stage
        assertThat(first.json().get("companyId").isNull()).isTrue();
        assertThat(first.json().get("stageId").asString()).isEqualTo("new");
    }

    @Test
    void aContactThatIsNotALeadIsRefusedSayingWhy() {
        String customer = create(api, "{\"firstName\":\"Cus\",\"lifecycleStage\":\"customer\"}");
        Response refused = api.post("/api/contacts/" + customer + "/convert", "{\"pipelineId\":\"" + pipelineId + "\"}");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().get("type").asString()).endsWith("not-a-lead");
        assertThat(refused.json().get("lifecycleStage").asString()).isEqualTo("customer");
        assertThat(refused.json().get("detail").asString()).contains("not a lead", "customer");
        assertThat(api.get("/api/contacts/" + customer).json().get("lifecycleStage").asString()).isEqualTo("customer");
        assertThat(events.events()).noneMatch(ofType("pulse.contact.converted.v1", customer)::test);
    }

    @Test
    void badConversionsAreRefusedUpFrontAndChangeNothing() {
        String lead = create(api, "{\"firstName\":\"Bad\",\"lifecycleStage\":\"lead\"}");
        String url = "/api/contacts/" + lead + "/convert";
        assertProblem(api.post(url, "{\"pipelineId\":\"nope\"}"), 400, "pipelineId");
        assertProblem(api.post(url, "{}"), 400, "pipelineId");
        assertProblem(api.post(url, "{\"pipelineId\":\"" + pipelineId + "\",\"stageId\":\"nope\"}"), 400, "stageId");
        assertProblem(api.post(url, "{\"pipelineId\":\"" + pipelineId + "\",\"stageId\":\"won\"}"), 400, "stageId");
        // the stage requires an amount
        assertProblem(api.post(url, "{\"pipelineId\":\"" + pipelineId + "\",\"stageId\":\"proposal\"}"), 400, "amount");
        assertProblem(api.post(url, "{\"pipelineId\":\"" + pipelineId + "\",\"amount\":-1,\"currency\":\"EUR\"}"), 400, "amount");
        assertProblem(api.post(url, "{\"pipelineId\":\"" + pipelineId + "\",\"amount\":1}"), 400, "currency");
        assertProblem(api.post(url, "{\"pipelineId\":\"" + pipelineId + "\",\"amount\":1,\"currency\":\"XYZ\"}"), 400, "currency");
        assertProblem(api.post(url, "{\"pipelineId\":\"" + pipelineId + "\",\"contactRole\":\"boss\"}"), 400, "contactRole");
        assertProblem(api.post(url, "{\"pipelineId\":\"" + pipelineId + "\",\"companyId\":\"nope\"}"), 400, "companyId");
        assertProblem(api.post(url, "{\"pipelineId\":\"" + pipelineId + "\",\"ownerId\":\"nobody\"}"), 400, "ownerId");
        Response badJson = api.post(url, "{\"pipelineId\":");
        assertThat(badJson.status()).isEqualTo(400);
        assertThat(badJson.header("Content-Type")).startsWith("application/problem+json");
        assertThat(api.post(url, "{\"pipelineId\":\"" + pipelineId + "\",\"$where\":1}").status()).isEqualTo(400);
        assertThat(api.post("/api/contacts/" + Ids.newId() + "/convert", "{\"pipelineId\":\"" + pipelineId + "\"}").status())
                .isEqualTo(404);
        // a rep may not convert what they may not see (404, as if it did not exist), nor give the deal to someone else
        ApiClient cleo = apiAs(TestIdentity.WEST_REP);
        String adas = create(apiAs(TestIdentity.EAST_REP), "{\"firstName\":\"Private\",\"lifecycleStage\":\"lead\"}");
        assertThat(cleo.post("/api/contacts/" + adas + "/convert", "{\"pipelineId\":\"" + pipelineId + "\"}").status()).isEqualTo(404);
        assertThat(apiAs(TestIdentity.EAST_REP).post("/api/contacts/" + adas + "/convert", "{\"pipelineId\":\"" + pipelineId
                + "\",\"ownerId\":\"" + TestIdentity.OTHER_EAST_REP + "\"}").status()).isEqualTo(403);

        var after = api.get("/api/contacts/" + lead).json();
        assertThat(after.get("lifecycleStage").asString()).isEqualTo("lead");
        assertThat(after.get("version").asLong()).isZero();
        assertThat(after.get("conversion").isNull()).isTrue();
    }

    @Test
    void aLeadFormWithDealSettingsOpensADealForEachLeadTakingTurns() {
        Response form = api.post("/api/lead-forms", """
                {"name":"Demo requests","deal":{"pipelineId":"%s","owner":{"roundRobin":["%s","%s"]}}}"""
                .formatted(pipelineId, TestIdentity.EAST_REP, TestIdentity.OTHER_EAST_REP));
        assertThat(form.status()).as(form.toString()).isEqualTo(201);
        assertThat(form.json().at("/deal/owner/roundRobin/1").asString()).isEqualTo(TestIdentity.OTHER_EAST_REP);
        String formId = form.json().get("id").asString();
        Map<String, String> headers = Map.of("X-Form-Key", form.json().get("key").asString(), "X-Forwarded-For", newAddress());

        List<String> owners = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String email = "demo-" + i + "-" + System.nanoTime() + "@example.com";
            Response submitted = api.anonymous().post(form.json().get("submitUrl").asString(), "{\"firstName\":\"Demo\",\"email\":\""
                    + email + "\",\"company\":\"Demo Co " + i + "\",\"formToken\":\"" + TestFormTokens.fromAPerson(context, formId) + "\"}", headers);
            assertThat(submitted.status()).as(submitted.toString()).isEqualTo(202);
            var contact = api.get("/api/contacts?q=" + email).json().at("/items/0");
            assertThat(contact.get("lifecycleStage").asString()).isEqualTo("opportunity");
            String contactId = contact.get("id").asString();
            EventEnvelope converted = events.awaitEvent(ofType("pulse.contact.converted.v1", contactId));
            assertThat(converted.data().at("/deal/stageId").asString()).isEqualTo("new");
            assertThat(converted.data().at("/deal/name").asString()).isEqualTo("Demo Co " + i);
            assertThat(converted.data().at("/deal/source").asString()).isEqualTo("web_form");
            assertThat(converted.data().at("/contact/ownerId").asString()).isEqualTo(converted.data().at("/deal/ownerId").asString());
            EventSchemaValidator.assertValid(events.awaitRecord(r -> r.key().equals(contactId) && r.value().contains("converted.v1")).value());
            owners.add(converted.data().at("/deal/ownerId").asString());
        }
        assertThat(owners).containsExactlyInAnyOrder(TestIdentity.EAST_REP, TestIdentity.OTHER_EAST_REP);

        // settings no lead could satisfy are refused when the form is saved
        assertProblem(api.post("/api/lead-forms", "{\"name\":\"X\",\"deal\":{\"pipelineId\":\"nope\",\"owner\":{\"userId\":\"ada\"}}}"),
                400, "deal.pipelineId");
        assertProblem(api.post("/api/lead-forms", "{\"name\":\"X\",\"deal\":{\"pipelineId\":\"" + pipelineId
                + "\",\"stageId\":\"proposal\",\"owner\":{\"userId\":\"ada\"}}}"), 400, "deal.amount");
        assertProblem(api.post("/api/lead-forms", "{\"name\":\"X\",\"deal\":{\"pipelineId\":\"" + pipelineId + "\"}}"), 400, "deal.owner");
        assertProblem(api.post("/api/lead-forms", "{\"name\":\"X\",\"deal\":{\"pipelineId\":\"" + pipelineId
                + "\",\"owner\":{\"roundRobin\":[]}}}"), 400, "deal.owner.roundRobin");
        assertThat(api.post("/api/lead-forms", "{\"name\":\"X\",\"deal\":{\"pipelineId\":\"" + pipelineId
                + "\",\"owner\":{\"roundRobin\":[\"nobody\"]}}}").status()).isEqualTo(400);
    }

    private static Map<String, Object> stage(String id, String kind, List<String> required) {
        return Map.of("id", id, "name", id.substring(0, 1).toUpperCase() + id.substring(1), "position", 0, "probability", 10,
                "kind", kind, "requiredFields", required);
    }

    private static void assertProblem(Response response, int status, String field) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.body()).as(response.toString()).contains("\"" + field + "\"");
    }

    private static String create(ApiClient client, String json) {
        Response created = client.post("/api/contacts", json);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    /** A documentation address (TEST-NET-2), different for every call in this run. */
    private static String newAddress() {
        int n = ADDRESSES.incrementAndGet();
        return "198.51.100." + (n % 250 + 1);
    }
}
