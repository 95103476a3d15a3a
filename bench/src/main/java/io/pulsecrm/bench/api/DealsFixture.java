package io.pulsecrm.bench.api;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
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
 * read scenarios, since seeding tens of thousands of deals takes minutes; with {@code --reuse-fixtures}, a complete
 * pipeline of the same size left by an earlier run is used instead.
 * <p>
 * Measuring starts only once the pipeline's figures count every seeded deal: deals-service keeps the board totals
 * and analytics in statistics that follow the deals' events, and figures measured while they still catch up would
 * be neither settled nor representative.
 */
final class DealsFixture {

    /** Owners of the fixture deals: {@code rep-0} to {@code rep-19}. */
    static final int OWNERS = 20;
    private static final Map<String, String> PIPELINES = new ConcurrentHashMap<>();
    private static final int PROGRESS_EVERY = 5_000;
    private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration SETTLE_POLL = Duration.ofSeconds(2);

    private DealsFixture() {
    }

    /** The id of a pipeline holding the fixture deals, seeding it on first use. */
    static synchronized String pipeline(GatewayClient gateway, BenchTargets targets) throws Exception {
        String key = targets.gateway() + "#" + targets.fixtures();
        String existing = PIPELINES.get(key);
        if (existing != null) {
            return existing;
        }
        String pipelineId = targets.reuseFixtures() ? complete(gateway, targets.fixtures()) : null;
        if (pipelineId == null) {
            pipelineId = seed(gateway, targets);
        } else {
            System.err.printf("Reusing pipeline %s with %,d deals from an earlier run%n", pipelineId, targets.fixtures());
        }
        awaitSettled(gateway, pipelineId, targets.fixtures());
        PIPELINES.put(key, pipelineId);
        return pipelineId;
    }

    /** The name a pipeline gets once all its fixture deals exist, so a later run can tell a complete one. */
    static String completeName(int fixtures) {
        return "Bench " + fixtures + " deals";
    }

    private static String complete(GatewayClient gateway, int fixtures) throws IOException, InterruptedException {
        String cursor = null;
        do {
            HttpResponse<String> page = gateway.get("/api/pipelines?limit=200" + (cursor == null ? "" : "&cursor=" + cursor));
            if (page.statusCode() != ContactsApi.OK) {
                throw new ScenarioUnavailableException("could not list pipelines: HTTP " + page.statusCode() + " "
                        + ContactsApi.excerpt(page.body()) + " (is deals-service running?)");
            }
            JsonNode json = gateway.readJson(page);
            for (JsonNode pipeline : json.path("items")) {
                if (completeName(fixtures).equals(pipeline.path("name").asString())) {
                    return pipeline.get("id").asString();
                }
            }
            cursor = json.path("nextCursor").isString() ? json.get("nextCursor").asString() : null;
        } while (cursor != null);
        return null;
    }

    /** Waits until the statistics are built and the pipeline's analytics count every fixture deal. */
    private static void awaitSettled(GatewayClient gateway, String pipelineId, int fixtures) throws Exception {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        long counted = -1;
        while (true) {
            HttpResponse<String> stats = gateway.get("/api/deals/stats");
            boolean built = stats.statusCode() != ContactsApi.OK // a deals-service without statistics counts directly
                    || (!gateway.readJson(stats).path("active").isNull() && gateway.readJson(stats).path("building").isNull());
            if (built) {
                HttpResponse<String> analytics = gateway.get("/api/pipelines/" + pipelineId + "/analytics");
                if (analytics.statusCode() != ContactsApi.OK) {
                    throw new ScenarioUnavailableException("could not read the bench pipeline's analytics: HTTP "
                            + analytics.statusCode() + " " + ContactsApi.excerpt(analytics.body()));
                }
                JsonNode report = gateway.readJson(analytics);
                long now = report.path("openDeals").asLong() + report.path("won").asLong() + report.path("lost").asLong();
                if (now == fixtures) {
                    return;
                }
                if (now != counted) {
                    System.err.printf("  waiting for the figures to count every deal: %,d of %,d%n", now, fixtures);
                    counted = now;
                }
            } else if (counted != -2) {
                System.err.println("  waiting for deals-service to build its statistics ...");
                counted = -2;
            }
            if (System.nanoTime() > deadline) {
                throw new ScenarioUnavailableException("the bench pipeline's figures did not count all " + fixtures
                        + " deals within " + SETTLE_TIMEOUT.toMinutes() + " minutes");
            }
            Thread.sleep(SETTLE_POLL);
        }
    }

    private static String seed(GatewayClient gateway, BenchTargets targets) throws Exception {
        HttpResponse<String> created = gateway.postJson("/api/pipelines", Map.of(
                "name", "Bench " + targets.fixtures() + " deals, seeding " + System.currentTimeMillis(),
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
        // marks the pipeline complete for --reuse-fixtures (a run interrupted while seeding leaves it unmarked)
        HttpResponse<String> renamed = gateway.patchJson("/api/pipelines/" + pipelineId,
                Map.of("name", completeName(targets.fixtures())), "\"" + pipeline.get("version").asLong() + "\"");
        if (renamed.statusCode() != ContactsApi.OK) {
            System.err.println("Could not mark the bench pipeline complete: HTTP " + renamed.statusCode());
        }
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
