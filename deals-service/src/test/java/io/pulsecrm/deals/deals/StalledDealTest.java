package io.pulsecrm.deals.deals;

import static io.pulsecrm.platform.test.EventCollector.ofType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import java.util.ArrayList;
import java.util.List;

import io.pulsecrm.deals.DealsApiTestBase;
import io.pulsecrm.deals.DealsApplication;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventSchemaValidator;
import io.pulsecrm.platform.test.ApiClient.Response;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** A deal sitting in a stage longer than the stage's limit is reported once per stay (the job runs every 300 ms in tests). */
class StalledDealTest extends DealsApiTestBase {

    @Test
    void aDealOverItsStagesTimeLimitIsReportedStalledOncePerStay() {
        Response created = api.post("/api/pipelines", """
                {"name":"Stalling","stages":[
                  {"name":"Slow","probability":10,"stallAfter":"PT1S"},
                  {"name":"Slower","probability":20,"stallAfter":"PT1S"},
                  {"name":"Patient","probability":30},
                  {"name":"Won","kind":"won"},{"name":"Lost","kind":"lost"}]}""");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode pipeline = created.json();
        JsonNode deal = createDeal(pipeline.get("id").asString(), "{\"title\":\"Sleepy\",\"pipelineId\":\"$PIPELINE\",\"ownerId\":\"u\"}");
        JsonNode patient = createDeal(pipeline.get("id").asString(), "{\"title\":\"Fine\",\"pipelineId\":\"$PIPELINE\",\"ownerId\":\"u\",\"stageId\":\""
                + stageId(pipeline, "Patient") + "\"}");
        String id = deal.get("id").asString();

        EventEnvelope stalled = events.awaitEvent(ofType("pulse.deal.stalled.v1", id), Duration.ofSeconds(20));
        assertThat(stalled.data().at("/deal/stage/name").asString()).isEqualTo("Slow");
        assertThat(stalled.data().get("stallAfter").asString()).isEqualTo("PT1S");
        assertThat(stalled.data().get("secondsInStage").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(stalled.actor()).isEqualTo("system:deals-stall-detector");
        // several more runs of the job: still one report for this stay
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() -> stalledCount(id) == 1);

        JsonNode current = api.get("/api/deals/" + id).json();
        assertThat(current.get("stalledAt").isNull()).as("the deal shows it is stalled: %s", current).isFalse();
        assertThat(api.get("/api/deals/" + patient.get("id").asString()).json().get("stalledAt").isNull()).isTrue();
        String list = "/api/deals?pipelineId=" + pipeline.get("id").asString() + "&stalled=";
        assertThat(titles(api.get(list + "true"))).containsExactly("Sleepy");
        assertThat(titles(api.get(list + "false"))).containsExactly("Fine");
        assertThat(api.get(list + "maybe").status()).isEqualTo(400);
        JsonNode moved = action(current, "move", "{\"stageId\":\"" + stageId(pipeline, "Slower") + "\"}");
        assertThat(moved.get("stalledAt").isNull()).as("a new stay starts unstalled").isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> stalledCount(id) == 2);
        assertThat(events.events().stream().filter(e -> e.type().equals("pulse.deal.stalled.v1") && e.subject().equals(id))
                .reduce((a, b) -> b).orElseThrow().data().at("/deal/stage/name").asString()).isEqualTo("Slower");
        await().during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(5)).until(() -> stalledCount(id) == 2);

        assertThat(stalledCount(patient.get("id").asString())).isZero();
        assertThat(events.records()).filteredOn(r -> id.equals(r.key()))
                .allSatisfy(r -> EventSchemaValidator.assertValid(r.value()));
    }

    @Test
    void withTwoReplicasRunningTheJobEachStayIsStillReportedOnce() {
        try (ConfigurableApplicationContext secondReplica = new SpringApplicationBuilder(DealsApplication.class)
                .profiles("test").run("--server.port=0")) {
            assertThat(secondReplica.getBean("stalledDealJob", io.pulsecrm.platform.jobs.LeasedJob.class).isRunning()).isTrue();
            Response created = api.post("/api/pipelines", """
                    {"name":"Replicas","stages":[{"name":"Slow","probability":10,"stallAfter":"PT1S"},
                      {"name":"Won","kind":"won"},{"name":"Lost","kind":"lost"}]}""");
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ids.add(createDeal(created.json().get("id").asString(),
                        "{\"title\":\"R" + i + "\",\"pipelineId\":\"$PIPELINE\",\"ownerId\":\"u\"}").get("id").asString());
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> ids.stream().allMatch(id -> stalledCount(id) >= 1));
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                    .until(() -> ids.stream().allMatch(id -> stalledCount(id) == 1));
        }
    }

    private static List<String> titles(Response list) {
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        return list.json().get("items").valueStream().map(d -> d.get("title").asString()).toList();
    }

    /** Distinct stalled events: delivery is at least once (two replicas' relay and sweep may both publish one). */
    private static long stalledCount(String id) {
        return events.events().stream().filter(e -> e.type().equals("pulse.deal.stalled.v1") && e.subject().equals(id))
                .map(EventEnvelope::id).distinct().count();
    }
}
