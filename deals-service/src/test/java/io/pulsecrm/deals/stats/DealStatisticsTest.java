package io.pulsecrm.deals.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.pulsecrm.deals.DealsApiTestBase;
import io.pulsecrm.deals.DealsProperties;
import io.pulsecrm.deals.deals.Deal;
import io.pulsecrm.deals.deals.DealFilter;
import io.pulsecrm.deals.deals.DealQueries;
import io.pulsecrm.deals.stats.DealStatsQueries.Range;
import io.pulsecrm.deals.stats.DealStatsQueries.Selection;
import io.pulsecrm.deals.stats.DealStatsUpdater.SimulatedCrash;
import io.pulsecrm.platform.events.EventJson;
import io.pulsecrm.platform.events.Ids;
import io.pulsecrm.platform.test.ApiClient.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The statistics behind the board and the analytics must always come back to exactly what a recount from the deals
 * gives: under concurrent writers, after an update interrupted at any point, after redelivered events, and after a
 * rebuild. The recount is {@link DealStatsQueries#count} over the raw deals ({@code AnalyticsRecountTest} checks the
 * figures themselves against an independent recount through the API).
 */
class DealStatisticsTest extends DealsApiTestBase {

    private static final String[] OWNERS = {"ann", "ben", "cat"};
    private static final String[] CLOSE_DATES = {"2027-01-05", "2027-01-31", "2027-02-14", "2027-03-01", null};

    @Autowired
    private DealStatsQueries queries;
    @Autowired
    private DealStatsUpdater updater;
    @Autowired
    private StatsGenerations generations;
    @Autowired
    private DealQueries deals;
    @Autowired
    private MongoTemplate mongo;
    @Autowired
    private KafkaTemplate<String, String> kafka;
    @Autowired
    private DealsProperties properties;

    @Test
    void twoWritersChangingTheSameDealsAtOnceLeaveTheStatisticsEqualToARecount() throws Exception {
        awaitStatistics();
        JsonNode first = createSalesPipeline("Concurrent statistics A");
        JsonNode second = createSalesPipeline("Concurrent statistics B");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(createDeal(first.get("id").asString(), dealBody(i)).get("id").asString());
        }

        List<Callable<Integer>> writers = List.of(
                () -> write(new Random(11), ids, first, second, 40),
                () -> write(new Random(23), ids, first, second, 40));
        int changes = 0;
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<Integer> writer : pool.invokeAll(writers)) {
                changes += writer.get();
            }
        }
        assertThat(changes).as("changes that went through").isGreaterThan(20);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            long active = generations.current().active();
            assertMatchesRecount(active, first.get("id").asString());
            assertMatchesRecount(active, second.get("id").asString());
        });
    }

    @Test
    void anUpdateInterruptedAtAnyPointIsFinishedLaterAndCountsOnce() throws Exception {
        // a generation of its own, which neither readers nor the event listener touch
        long generation = 1_000_000L + new Random().nextInt(1_000_000);
        try {
            JsonNode pipeline = createSalesPipeline("Interrupted statistics");
            String p = pipeline.get("id").asString();
            List<JsonNode> created = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                created.add(createDeal(p, dealBody(i)));
            }
            created.forEach(deal -> updater.sync(generation, deal.get("id").asString()));
            assertMatchesRecount(generation, p);

            JsonNode deal = created.getFirst();
            String id = deal.get("id").asString();
            int crashes = 0;
            for (int crashAfter = 0; ; crashAfter++) {
                // each round a change that touches several documents: owner, stage, amount and close month
                String owner = OWNERS[(crashAfter + 1) % 2];
                deal = patch(deal, "{\"ownerId\":\"" + owner + "\",\"amount\":" + (100 + crashAfter)
                        + ",\"currency\":\"EUR\",\"expectedCloseDate\":\"2027-0" + (1 + crashAfter % 3) + "-1" + crashAfter % 10 + "\"}");
                deal = action(deal, "move", "{\"stageId\":\"" + stageId(pipeline, crashAfter % 2 == 0 ? "Qualified" : "Negotiation") + "\"}");
                boolean crashed;
                try {
                    updater.sync(generation, id, crashAfter);
                    crashed = false;
                } catch (SimulatedCrash e) {
                    crashed = true;
                    crashes++;
                }
                if (crashed) {
                    Document fact = mongo.getCollection(StatsLayout.FACTS).find(new Document("_id", StatsLayout.factId(generation, id))).first();
                    assertThat(fact.get("pending")).as("operations left pending by the crash").isNotNull();
                    // the claim of the crashed update has run out: the next delivery takes the operations over
                    expireClaim(generation, id);
                    updater.sync(generation, id);
                    updater.sync(generation, id); // and a redelivery after that changes nothing
                }
                assertMatchesRecount(generation, p);
                assertThat(mongo.getCollection(StatsLayout.STATS).countDocuments(
                        new Document("gen", generation).append("ops.0", new Document("$exists", true))))
                        .as("operation ids left behind").isZero();
                if (!crashed) {
                    break;
                }
            }
            assertThat(crashes).as("documents one change touched").isGreaterThanOrEqualTo(4);

            // an update that finds another one's operations still within their claim waits for them, then finishes them
            patch(deal, "{\"amount\":5,\"currency\":\"USD\"}");
            assertThatThrownBy(() -> updater.sync(generation, id, 0)).isInstanceOf(SimulatedCrash.class);
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                Future<?> waiting = pool.submit(() -> updater.sync(generation, id));
                expireClaim(generation, id);
                waiting.get();
            }
            assertMatchesRecount(generation, p);
        } finally {
            mongo.getCollection(StatsLayout.STATS).deleteMany(new Document("gen", generation));
            mongo.getCollection(StatsLayout.FACTS).deleteMany(new Document("gen", generation));
        }
    }

    @Test
    void redeliveredAndReplayedEventsChangeNothing() throws Exception {
        awaitStatistics();
        JsonNode pipeline = createSalesPipeline("Redelivered statistics");
        String p = pipeline.get("id").asString();
        JsonNode deal = createDeal(p, dealBody(1));
        String id = deal.get("id").asString();
        deal = action(deal, "move", "{\"stageId\":\"" + stageId(pipeline, "Qualified") + "\"}");
        action(deal, "win", "{}");
        ConsumerRecord<String, String> created = events.awaitRecord(r -> id.equals(r.key())
                && EventJson.read(r.value()).type().equals("pulse.deal.created.v1"));
        events.awaitEvent(e -> e.subject().equals(id) && e.type().equals("pulse.deal.won.v1"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertMatchesRecount(generations.current().active(), p));

        // the same event again (at-least-once delivery), and an old event under a new id (a replay)
        String eventId = EventJson.read(created.value()).id();
        String replayId = Ids.newId();
        kafka.send(created.topic(), id, created.value()).get();
        kafka.send(created.topic(), id, created.value().replace(eventId, replayId)).get();

        await().atMost(Duration.ofSeconds(30)).until(() -> mongo.getCollection("processed_events")
                .countDocuments(new Document("_id", DealStatsListener.CONSUMER + "/" + replayId).append("state", "done")) == 1);
        assertMatchesRecount(generations.current().active(), p);
        JsonNode board = api.get("/api/deals/board?pipelineId=" + p).json();
        assertThat(board.at("/stages/4/count").asLong()).isEqualTo(1);
        assertThat(board.at("/stages/0/count").asLong()).isZero();
    }

    @Test
    void aRebuildRecomputesEveryFigureFromTheDealsWhileTheyChange() throws Exception {
        awaitStatistics();
        JsonNode pipeline = createSalesPipeline("Rebuilt statistics");
        String p = pipeline.get("id").asString();
        List<JsonNode> created = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            created.add(createDeal(p, dealBody(i)));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertMatchesRecount(generations.current().active(), p));
        long before = generations.current().active();

        // damage the statistics behind the recount's back
        Document all = mongo.getCollection(StatsLayout.STATS).find(
                new Document("_id", StatsLayout.DocRef.all(before, p, "ann").id())).first();
        String row = all.get(StatsLayout.POS, Document.class).keySet().iterator().next();
        mongo.getCollection(StatsLayout.STATS).updateOne(new Document("_id", all.getString("_id")),
                new Document("$inc", new Document(StatsLayout.POS + "." + row + ".n", 5L)));
        assertThat(api.get("/api/pipelines/" + p + "/analytics").json().get("openDeals").asLong()).isEqualTo(11);

        Response requested = api.post("/api/deals/stats/rebuild", "{}");
        assertThat(requested.status()).as(requested.toString()).isEqualTo(202);
        long building = requested.json().get("building").asLong();
        assertThat(building).isGreaterThan(before);
        // deals keep changing while the new generation is built
        List<Callable<Integer>> writer = List.of(() -> write(new Random(5), created.stream().map(d -> d.get("id").asString()).toList(),
                pipeline, pipeline, 15));
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            pool.invokeAll(writer).getFirst().get();
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode state = api.get("/api/deals/stats").json();
            assertThat(state.get("active").asLong()).isGreaterThanOrEqualTo(building);
            assertThat(state.get("building").isNull()).isTrue();
        });
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertMatchesRecount(generations.current().active(), p));
        // the replaced generation is deleted after its grace period
        await().atMost(Duration.ofSeconds(60)).until(() -> mongo.getCollection(StatsLayout.STATS).countDocuments(new Document("gen", before)) == 0
                && mongo.getCollection(StatsLayout.FACTS).countDocuments(new Document("gen", before)) == 0);
    }

    /** Random changes through the API; a lost optimistic race (409 with currentVersion) reloads and tries again. */
    private int write(Random random, List<String> ids, JsonNode first, JsonNode second, int operations) {
        int applied = 0;
        for (int i = 0; i < operations; i++) {
            String id = ids.get(random.nextInt(ids.size()));
            int kind = random.nextInt(20);
            for (int attempt = 0; attempt < 20; attempt++) {
                Response current = api.get("/api/deals/" + id);
                if (current.status() == 404) {
                    break; // deleted by the other writer
                }
                JsonNode deal = current.json();
                JsonNode pipeline = deal.get("pipelineId").asString().equals(first.get("id").asString()) ? first : second;
                JsonNode other = pipeline == first ? second : first;
                Response response = change(random, kind, deal, pipeline, other);
                if (response.status() == 409 && response.json().has("currentVersion")) {
                    continue; // the other writer got there first
                }
                if (response.status() == 200 || response.status() == 204) {
                    applied++;
                }
                assertThat(response.status()).as(response.toString()).isIn(200, 204, 400, 404, 409);
                break;
            }
        }
        return applied;
    }

    private Response change(Random random, int kind, JsonNode deal, JsonNode pipeline, JsonNode other) {
        String id = deal.get("id").asString();
        Map<String, String> ifMatch = Map.of("If-Match", "\"" + deal.get("version").asLong() + "\"");
        String[] open = {"Lead", "Qualified", "Proposal", "Negotiation"};
        return switch (kind) {
            case 0, 1, 2 -> tryAction(deal, "move", "{\"stageId\":\"" + stageId(pipeline, open[random.nextInt(open.length)]) + "\"}");
            case 3, 4 -> api.patch("/api/deals/" + id, random.nextInt(5) == 0 ? "{\"amount\":null}"
                    : "{\"amount\":" + (random.nextInt(100_000) / 100.0) + ",\"currency\":\"" + (random.nextBoolean() ? "EUR" : "USD") + "\"}", ifMatch);
            case 5, 6 -> {
                String close = CLOSE_DATES[random.nextInt(CLOSE_DATES.length)];
                yield api.patch("/api/deals/" + id, "{\"expectedCloseDate\":" + (close == null ? "null" : "\"" + close + "\"") + "}", ifMatch);
            }
            case 7 -> api.patch("/api/deals/" + id, "{\"ownerId\":\"" + OWNERS[random.nextInt(OWNERS.length)] + "\"}", ifMatch);
            case 8 -> api.patch("/api/deals/" + id, "{\"teamId\":" + (random.nextBoolean() ? "\"east\"" : "null") + "}", ifMatch);
            case 9, 10 -> tryAction(deal, "win", "{}");
            case 11, 12 -> tryAction(deal, "lose", "{\"reason\":\"" + (random.nextBoolean() ? "Price" : "Competitor") + "\"}");
            case 13, 14 -> tryAction(deal, "reopen", "{}");
            case 15, 16 -> tryAction(deal, "move", "{\"pipelineId\":\"" + other.get("id").asString() + "\",\"stageId\":\""
                    + stageId(other, random.nextBoolean() ? "Lead" : "Qualified") + "\"}");
            case 17 -> random.nextInt(3) == 0 ? api.delete("/api/deals/" + id, ifMatch) : tryAction(deal, "reopen", "{}");
            default -> tryAction(deal, "move", "{\"stageId\":\"" + stageId(pipeline, "Lead") + "\"}");
        };
    }

    private JsonNode patch(JsonNode deal, String body) {
        Response response = api.patch("/api/deals/" + deal.get("id").asString(), body,
                Map.of("If-Match", "\"" + deal.get("version").asLong() + "\""));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private void expireClaim(long generation, String dealId) {
        mongo.getCollection(StatsLayout.FACTS).updateOne(new Document("_id", StatsLayout.factId(generation, dealId)),
                new Document("$set", new Document("pending.at", Date.from(Instant.now().minus(Duration.ofHours(1))))));
    }

    private static String dealBody(int i) {
        String close = CLOSE_DATES[i % CLOSE_DATES.length];
        return "{\"title\":\"S" + i + "\",\"pipelineId\":\"$PIPELINE\",\"ownerId\":\"" + OWNERS[i % OWNERS.length] + "\""
                + (i % 4 == 3 ? "" : ",\"amount\":" + (250 + i * 100.25) + ",\"currency\":\"" + (i % 3 == 0 ? "USD" : "EUR") + "\"")
                + (close == null ? "" : ",\"expectedCloseDate\":\"" + close + "\"")
                + (i % 2 == 0 ? ",\"teamId\":\"east\"" : "") + "}";
    }

    /** The generation's figures (whole, per date range, per owner and team) and card heads equal a recount from the deals. */
    private void assertMatchesRecount(long generation, String pipelineId) {
        List<Deal> raw = deals.all(DealFilter.pipeline(pipelineId));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<Selection> selections = List.of(
                new Selection(pipelineId, null, Range.ALL, Range.ALL, true),
                new Selection(pipelineId, null, new Range(LocalDate.parse("2027-01-10"), LocalDate.parse("2027-02-20")),
                        new Range(today.minusDays(3), today), true),
                new Selection(pipelineId, "east", new Range(LocalDate.parse("2027-01-01"), null),
                        new Range(today.withDayOfMonth(1), null), true),
                new Selection(pipelineId, null, new Range(null, LocalDate.parse("2027-01-31")), new Range(null, today), true));
        for (Selection selection : selections) {
            for (var owners : java.util.Arrays.asList(null, java.util.Set.of("ann"), java.util.Set.of("ben", "cat"))) {
                Figures expected = DealStatsQueries.count(raw.stream()
                        .filter(deal -> owners == null || owners.contains(deal.ownerId())).toList(), selection);
                Figures actual = queries.read(generation, selection, owners, false).figures();
                assertThat(normalise(actual)).as(selection + " " + owners).isEqualTo(normalise(expected));
            }
        }
        assertHeadsMatch(generation, pipelineId, raw);
    }

    /** Every owner's head in every stage holds exactly that owner's first deals there, in id order. */
    private void assertHeadsMatch(long generation, String pipelineId, List<Deal> raw) {
        Map<String, List<CardHead>> heads = queries.read(generation,
                new Selection(pipelineId, null, Range.ALL, Range.ALL, false), null, true).headsByOwner();
        Map<String, List<Deal>> byOwnerAndStage = new TreeMap<>();
        raw.stream().filter(deal -> !deal.isDeleted()).sorted(java.util.Comparator.comparing(Deal::getId))
                .forEach(deal -> byOwnerAndStage.computeIfAbsent(deal.ownerId() + "/" + deal.stageId(), k -> new ArrayList<>()).add(deal));
        Map<String, CardHead> actual = new TreeMap<>();
        heads.forEach((owner, ownerHeads) -> ownerHeads.forEach(head -> actual.put(owner + "/" + head.stageId(), head)));
        assertThat(actual.keySet()).as("owners and stages with a head").isEqualTo(byOwnerAndStage.keySet());
        byOwnerAndStage.forEach((key, inStage) -> {
            CardHead head = actual.get(key);
            List<String> expected = inStage.stream().map(Deal::getId).filter(head::covers)
                    .limit(properties.stats().cardIndexSize()).toList();
            assertThat(head.cards()).extracting(DealFacts.Card::dealId).as("head " + key).isEqualTo(expected);
            inStage.stream().filter(deal -> expected.contains(deal.getId())).forEach(deal -> {
                DealFacts.Card card = head.cards().get(expected.indexOf(deal.getId()));
                assertThat(card.teamId()).isEqualTo(deal.teamId());
                assertThat(card.closeDate()).isEqualTo(deal.expectedCloseDate() == null ? null : deal.expectedCloseDate().toString());
            });
        });
    }

    /** Rows summed by their key (the statistics split them by month and day, the recount has one per deal). */
    private static Map<String, List<Long>> normalise(Figures figures) {
        Map<String, List<Long>> rows = new TreeMap<>();
        figures.positions().forEach(p -> add(rows, "pos " + p.ownerId() + " " + p.stageId() + " " + p.status() + " " + p.teamId()
                + " " + p.currency() + " " + p.month(), p.deals(), p.amountMinor(), 0));
        figures.closings().forEach(c -> add(rows, "closed " + c.ownerId() + " " + c.status() + " " + c.lostReason() + " "
                + c.fromStageId() + " " + c.currency(), c.deals(), c.amountMinor(), c.cycleMillis()));
        figures.reaches().forEach(r -> add(rows, "reach " + r.ownerId() + " " + r.visitedStageIds() + " " + r.won(), r.deals(), 0, 0));
        rows.values().removeIf(values -> values.stream().allMatch(v -> v == 0));
        return rows;
    }

    private static void add(Map<String, List<Long>> rows, String key, long n, long a, long y) {
        List<Long> sums = rows.computeIfAbsent(key, k -> new ArrayList<>(List.of(0L, 0L, 0L)));
        sums.set(0, sums.get(0) + n);
        sums.set(1, sums.get(1) + a);
        sums.set(2, sums.get(2) + y);
    }
}
