package io.pulsecrm.bench.api;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.pulsecrm.bench.scenario.BenchTargets;
import io.pulsecrm.bench.scenario.ScenarioUnavailableException;
import tools.jackson.databind.JsonNode;

/**
 * A pipeline filled with {@code --fixtures} deals through the gateway, as users would fill it: spread over the
 * open stages, owners and close months, a tenth won and a tenth lost. Built once per run and shared by the deal
 * read scenarios, since seeding tens of thousands of deals takes minutes.
 */
final class DealsFixture {

    private static final Map<String, String> PIPELINES = new ConcurrentHashMap<>();
    private static final int OWNERS = 20;
    private static final int PROGRESS_EVERY = 5_000;

    private DealsFixture() {
    }

    /** The id of a pipeline holding the fixture deals, seeding it on first use. */
    static synchronized String pipeline(GatewayClient gateway, BenchTargets targets) throws Exception {
        String key = targets.gateway() + "#" + targets.fixtures();
        String existing = PIPELINES.get(key);
        if (existing != null) {
            return existing;
        }
        String pipelineId = seed(gateway, targets);
        PIPELINES.put(key, pipelineId);
        return pipelineId;
    }

    private static String seed(GatewayClient gateway, BenchTargets targets) throws Exception {
        HttpResponse<String> created = gateway.postJson("/api/pipelines", Map.of(
                "name", "Bench " + System.currentTimeMillis(),
                "lostReasons", List.of("Price", "Competitor", "No budget"),
                "stages", List.of(
                        Map.of("name", "Lead", "probability", 10),
                        Map.of("name", "Qualified", "probability", 30),
                        Map.of("name", "Proposal", "probability", 60),
                        Map.of("name", "Negotiation", "probability", 80),
                        Map.of("name", "Won", "kind", "won"),
                        Map.of("name", "Lost", "kind", "lost"))));
        if (created.statusCode() != ContactsApi.CREATED) {
            throw new ScenarioUnavailableException("could not create the bench pipeline: HTTP " + created.statusCode()
                    + " " + ContactsApi.excerpt(created.body()) + " (is deals-service running?)");
        }
        JsonNode pipeline = gateway.readJson(created);
        String pipelineId = pipeline.get("id").asString();
        List<String> openStages = new ArrayList<>();
        pipeline.get("stages").forEach(stage -> {
            if ("open".equals(stage.get("kind").asString())) {
                openStages.add(stage.get("id").asString());
            }
        });

        System.err.printf("Seeding %,d deals into pipeline %s ...%n", targets.fixtures(), pipelineId);
        long started = System.nanoTime();
        AtomicInteger done = new AtomicInteger();
        try (ExecutorService workers = Executors.newFixedThreadPool(targets.concurrency(), Thread.ofVirtual().factory())) {
            List<Future<?>> pending = new ArrayList<>();
            for (int n = 0; n < targets.fixtures(); n++) {
                int number = n;
                pending.add(workers.submit(() -> {
                    createDeal(gateway, pipelineId, openStages, number);
                    int count = done.incrementAndGet();
                    if (count % PROGRESS_EVERY == 0) {
                        System.err.printf("  %,d deals (%.0f/s)%n", count, count / ((System.nanoTime() - started) / 1e9));
                    }
                    return null;
                }));
            }
            for (Future<?> deal : pending) {
                deal.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        System.err.printf("Seeded %,d deals in %.1f s%n", targets.fixtures(), (System.nanoTime() - started) / 1e9);
        return pipelineId;
    }

    private static void createDeal(GatewayClient gateway, String pipelineId, List<String> openStages, int n)
            throws IOException, InterruptedException {
        Map<String, Object> deal = new LinkedHashMap<>();
        deal.put("title", "Bench deal " + n);
        deal.put("pipelineId", pipelineId);
        deal.put("stageId", openStages.get(n % openStages.size()));
        deal.put("ownerId", "rep-" + (n % OWNERS));
        deal.put("amount", 1_000 + (n % 97) * 250);
        deal.put("currency", "EUR");
        deal.put("expectedCloseDate", LocalDate.of(2026, 1, 1).plusMonths(n % 12).plusDays(n % 28).toString());
        HttpResponse<String> created = gateway.postJson("/api/deals", deal);
        if (created.statusCode() != ContactsApi.CREATED) {
            throw new ScenarioUnavailableException("could not create bench deals: HTTP " + created.statusCode() + " "
                    + ContactsApi.excerpt(created.body()));
        }
        String id = gateway.createdId(created);
        String closing = switch (n % 10) {
            case 0 -> "win";
            case 1 -> "lose";
            default -> null;
        };
        if (closing != null) {
            Object body = closing.equals("lose") ? Map.of("reason", "Price") : Map.of();
            HttpResponse<String> closed = gateway.postJson("/api/deals/" + id + "/" + closing, body, "\"0\"");
            if (closed.statusCode() != ContactsApi.OK) {
                throw new ScenarioUnavailableException("could not " + closing + " a bench deal: HTTP "
                        + closed.statusCode() + " " + ContactsApi.excerpt(closed.body()));
            }
        }
    }
}
