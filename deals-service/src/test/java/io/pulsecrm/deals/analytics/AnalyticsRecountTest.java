package io.pulsecrm.deals.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.pulsecrm.deals.DealsApiTestBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Deals are moved through a pipeline over the API; every analytics figure (read from the pre-aggregated statistics)
 * must equal a recount from the raw deals and their histories.
 */
class AnalyticsRecountTest extends DealsApiTestBase {

    private JsonNode pipeline;

    @Test
    void analyticsMatchARecountFromTheRawDeals() {
        pipeline = createSalesPipeline("Analytics");
        String p = pipeline.get("id").asString();
        String[] owners = {"ann", "ben", "cat"};
        String[] closeDates = {"2027-01-15", "2027-01-31", "2027-02-01", null, "2027-03-10"};
        String[] amounts = {"1000", "250.50", "99.99", "12000", null, "730", "5"};
        List<JsonNode> deals = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            String amount = amounts[i % amounts.length];
            String close = closeDates[i % closeDates.length];
            String currency = i % 6 == 5 ? "USD" : "EUR";
            deals.add(createDeal(p, "{\"title\":\"D" + i + "\",\"pipelineId\":\"$PIPELINE\",\"ownerId\":\"" + owners[i % 3] + "\""
                    + (amount == null ? "" : ",\"amount\":" + amount + ",\"currency\":\"" + currency + "\"")
                    + (close == null ? "" : ",\"expectedCloseDate\":\"" + close + "\"") + "}"));
        }
        String proposal = stageId(pipeline, "Proposal");
        for (int i = 0; i < deals.size(); i++) {
            JsonNode deal = deals.get(i);
            boolean canPropose = !deal.get("amount").isNull() && !deal.get("expectedCloseDate").isNull();
            switch (i % 7) {
                case 0 -> deal = action(deal, "move", stage("Qualified"));
                case 1 -> {
                    deal = action(deal, "move", stage("Negotiation")); // skips stages
                    deal = action(deal, "win", "{}");
                }
                case 2 -> {
                    deal = action(deal, "move", stage("Qualified"));
                    deal = action(deal, "lose", "{\"reason\":\"Price\"}");
                }
                case 3 -> {
                    if (canPropose) {
                        deal = action(deal, "move", "{\"stageId\":\"" + proposal + "\"}");
                    }
                    deal = action(deal, "lose", "{\"reason\":\"Competitor\"}");
                    deal = action(deal, "reopen", "{}");
                    deal = action(deal, "win", "{}");
                }
                case 4 -> deal = action(deal, "lose", "{\"reason\":\"No budget\"}");
                case 5 -> {
                    deal = action(deal, "move", stage("Qualified"));
                    deal = action(deal, "move", stage("Negotiation"));
                    deal = action(deal, "win", "{}");
                }
                default -> { } // stays in Lead
            }
            deals.set(i, deal);
        }

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        awaitStatistics();
        for (String query : List.of("", "?ownerId=ann", "?ownerId=ben&from=2020-01-01&to=" + today,
                "?from=2027-01-01&to=2027-01-31", "?from=" + today + "&to=" + today, "?from=2027-01-20",
                "?to=2027-02-01", "?from=2027-01-15&to=2027-03-10")) {
            Recount expected = recount(p, param(query, "ownerId"), date(param(query, "from")), date(param(query, "to")));
            // the statistics follow the deals' events: equal once the last event is applied
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertMatches(api.get("/api/pipelines/" + p + "/analytics" + query).json(), expected, query));
        }
        JsonNode all = api.get("/api/pipelines/" + p + "/analytics").json();
        assertThat(all.get("won").asLong()).isEqualTo(9);
        assertThat(all.get("lost").asLong()).isEqualTo(6);
        assertThat(all.get("openDeals").asLong()).isEqualTo(6);

        assertProblem(api.get("/api/pipelines/" + p + "/analytics?from=2027-02-01&to=2027-01-01"), 400, "");
        assertThat(api.get("/api/pipelines/nope/analytics").status()).isEqualTo(404);
    }

    private String stage(String name) {
        return "{\"stageId\":\"" + stageId(pipeline, name) + "\"}";
    }

    record Recount(long openDeals, Map<String, BigDecimal> openValue, Map<String, Map<String, BigDecimal>> weightedByMonth,
                   Map<String, Long> dealsByMonth, long won, long lost, BigDecimal winRate, Map<String, BigDecimal> averageDealSize,
                   BigDecimal cycleDays, Map<String, Long> lostByReason, Map<String, Long> lostByStage,
                   Map<String, Long> ownerWon, Map<String, Map<String, BigDecimal>> ownerRevenue,
                   Map<String, Long> ownerOpen, Map<String, Map<String, BigDecimal>> ownerOpenValue,
                   List<long[]> conversion) {
    }

    /** Independent recount from the deals as the list and history endpoints return them. */
    private Recount recount(String pipelineId, String ownerId, LocalDate from, LocalDate to) {
        List<JsonNode> deals = new ArrayList<>();
        api.get("/api/deals?limit=200&pipelineId=" + pipelineId + (ownerId == null ? "" : "&ownerId=" + ownerId))
                .json().get("items").forEach(deals::add);
        Map<String, Integer> probability = new HashMap<>();
        List<String> openStages = new ArrayList<>();
        for (JsonNode stage : pipeline.get("stages")) {
            probability.put(stage.get("id").asString(), stage.get("probability").asInt());
            if (stage.get("kind").asString().equals("open")) {
                openStages.add(stage.get("id").asString());
            }
        }
        boolean unbounded = from == null && to == null;
        long open = 0;
        Map<String, BigDecimal> openValue = new TreeMap<>();
        Map<String, Map<String, BigDecimal>> weighted = new TreeMap<>();
        Map<String, Long> byMonth = new TreeMap<>();
        long won = 0, lost = 0, cycleMillis = 0;
        Map<String, BigDecimal> wonSum = new TreeMap<>();
        Map<String, Long> wonCount = new TreeMap<>();
        Map<String, Long> byReason = new TreeMap<>();
        Map<String, Long> byStage = new TreeMap<>();
        Map<String, Long> ownerWon = new TreeMap<>();
        Map<String, Map<String, BigDecimal>> ownerRevenue = new TreeMap<>();
        Map<String, Long> ownerOpen = new TreeMap<>();
        Map<String, Map<String, BigDecimal>> ownerOpenValue = new TreeMap<>();
        long[] reached = new long[openStages.size() + 1];
        for (JsonNode deal : deals) {
            String status = deal.get("status").asString();
            BigDecimal amount = deal.get("amount").isNull() ? null : deal.get("amount").decimalValue();
            String currency = deal.get("currency").isNull() ? null : deal.get("currency").asString();
            LocalDate close = deal.get("expectedCloseDate").isNull() ? null : LocalDate.parse(deal.get("expectedCloseDate").asString());
            if (status.equals("open") && (unbounded || in(close, from, to))) {
                open++;
                String owner = deal.get("ownerId").asString();
                ownerOpen.merge(owner, 1L, Long::sum);
                ownerOpenValue.computeIfAbsent(owner, o -> new TreeMap<>());
                if (amount != null) {
                    ownerOpenValue.get(owner).merge(currency, amount, BigDecimal::add);
                }
                String month = close == null ? "unscheduled" : close.toString().substring(0, 7);
                byMonth.merge(month, 1L, Long::sum);
                if (amount != null) {
                    openValue.merge(currency, amount, BigDecimal::add);
                    weighted.computeIfAbsent(month, m -> new TreeMap<>()).merge(currency,
                            amount.multiply(BigDecimal.valueOf(probability.get(deal.get("stageId").asString()))).movePointLeft(2),
                            BigDecimal::add);
                }
            }
            JsonNode history = api.get("/api/deals/" + deal.get("id").asString() + "/history").json().get("stageChanges");
            if (!status.equals("open")) {
                Instant closedAt = Instant.parse(deal.get("closedAt").asString());
                if (in(LocalDate.ofInstant(closedAt, ZoneOffset.UTC), from, to)) {
                    if (status.equals("won")) {
                        won++;
                        cycleMillis += Duration.between(Instant.parse(deal.get("createdAt").asString()), closedAt).toMillis();
                        ownerWon.merge(deal.get("ownerId").asString(), 1L, Long::sum);
                        ownerRevenue.computeIfAbsent(deal.get("ownerId").asString(), o -> new TreeMap<>());
                        if (amount != null) {
                            wonSum.merge(currency, amount, BigDecimal::add);
                            wonCount.merge(currency, 1L, Long::sum);
                            ownerRevenue.get(deal.get("ownerId").asString()).merge(currency, amount, BigDecimal::add);
                        }
                    } else {
                        lost++;
                        byReason.merge(deal.get("lostReason").asString(), 1L, Long::sum);
                        byStage.merge(history.get(history.size() - 1).get("fromStageId").asString(), 1L, Long::sum);
                    }
                }
            }
            if (in(LocalDate.ofInstant(Instant.parse(deal.get("createdAt").asString()), ZoneOffset.UTC), from, to)) {
                int furthest = -1;
                for (JsonNode change : history) {
                    if (change.get("toKind").asString().equals("won")) {
                        furthest = openStages.size();
                        break;
                    }
                    furthest = Math.max(furthest, openStages.indexOf(change.get("toStageId").asString()));
                }
                for (int i = 0; i <= furthest; i++) {
                    reached[i]++;
                }
            }
        }
        Map<String, BigDecimal> average = new TreeMap<>();
        wonSum.forEach((currency, sum) -> average.put(currency, sum.divide(BigDecimal.valueOf(wonCount.get(currency)),
                Currency.getInstance(currency).getDefaultFractionDigits(), RoundingMode.HALF_EVEN)));
        List<long[]> conversion = new ArrayList<>();
        for (int i = 0; i < openStages.size(); i++) {
            conversion.add(new long[] {reached[i], reached[i + 1]});
        }
        return new Recount(open, openValue, weighted, byMonth, won, lost, rate(won, won + lost), average,
                won == 0 ? null : BigDecimal.valueOf(cycleMillis).divide(BigDecimal.valueOf(won * 86_400_000L), 2, RoundingMode.HALF_EVEN),
                byReason, byStage, ownerWon, ownerRevenue, ownerOpen, ownerOpenValue, conversion);
    }

    private static void assertMatches(JsonNode report, Recount expected, String query) {
        var softly = new org.assertj.core.api.SoftAssertions();
        softly.assertThat(report.get("openDeals").asLong()).as(query + " openDeals").isEqualTo(expected.openDeals());
        softly.assertThat(money(report.get("openValue"))).as(query + " openValue").isEqualTo(normalise(expected.openValue()));
        Map<String, Map<String, BigDecimal>> weighted = new TreeMap<>();
        Map<String, Long> byMonth = new TreeMap<>();
        report.get("forecast").forEach(month -> {
            byMonth.put(month.get("month").asString(), month.get("deals").asLong());
            if (month.get("weighted").size() > 0) {
                weighted.put(month.get("month").asString(), money(month.get("weighted")));
            }
        });
        Map<String, Map<String, BigDecimal>> expectedWeighted = new TreeMap<>();
        expected.weightedByMonth().forEach((month, values) -> expectedWeighted.put(month, normalise(values)));
        softly.assertThat(weighted).as(query + " weighted forecast").isEqualTo(expectedWeighted);
        softly.assertThat(byMonth).as(query + " forecast deals").isEqualTo(expected.dealsByMonth());
        softly.assertThat(report.get("won").asLong()).as(query + " won").isEqualTo(expected.won());
        softly.assertThat(report.get("lost").asLong()).as(query + " lost").isEqualTo(expected.lost());
        softly.assertThat(decimal(report.get("winRate"))).as(query + " winRate").isEqualTo(strip(expected.winRate()));
        softly.assertThat(money(report.get("averageDealSize"))).as(query + " averageDealSize").isEqualTo(normalise(expected.averageDealSize()));
        softly.assertThat(decimal(report.get("averageSalesCycleDays"))).as(query + " cycle").isEqualTo(strip(expected.cycleDays()));
        Map<String, Long> byReason = new TreeMap<>();
        report.get("lostByReason").properties().forEach(e -> byReason.put(e.getKey(), e.getValue().asLong()));
        softly.assertThat(byReason).as(query + " lostByReason").isEqualTo(expected.lostByReason());
        Map<String, Long> byStage = new TreeMap<>();
        report.get("lostByStage").forEach(s -> byStage.put(s.get("stageId").asString(), s.get("count").asLong()));
        softly.assertThat(byStage).as(query + " lostByStage").isEqualTo(expected.lostByStage());
        // the leaderboard: one row per owner who won in the period or holds open deals, most won first
        Map<String, List<Object>> leaderboard = new TreeMap<>();
        List<Long> wonOrder = new ArrayList<>();
        report.get("owners").forEach(o -> {
            leaderboard.put(o.get("ownerId").asString(), List.of(o.get("wonCount").asLong(), money(o.get("revenue")),
                    o.get("openDeals").asLong(), money(o.get("openValue"))));
            wonOrder.add(o.get("wonCount").asLong());
        });
        Map<String, List<Object>> expectedLeaderboard = new TreeMap<>();
        Set<String> owners = new TreeSet<>(expected.ownerWon().keySet());
        owners.addAll(expected.ownerOpen().keySet());
        owners.forEach(owner -> expectedLeaderboard.put(owner, List.of(expected.ownerWon().getOrDefault(owner, 0L),
                normalise(expected.ownerRevenue().getOrDefault(owner, Map.of())), expected.ownerOpen().getOrDefault(owner, 0L),
                normalise(expected.ownerOpenValue().getOrDefault(owner, Map.of())))));
        softly.assertThat(leaderboard).as(query + " leaderboard").isEqualTo(expectedLeaderboard);
        softly.assertThat(wonOrder).as(query + " leaderboard order").isSortedAccordingTo(java.util.Comparator.reverseOrder());
        JsonNode conversion = report.get("conversion");
        softly.assertThat(conversion.size()).as(query + " conversion steps").isEqualTo(expected.conversion().size());
        for (int i = 0; i < Math.min(conversion.size(), expected.conversion().size()); i++) {
            long[] step = expected.conversion().get(i);
            softly.assertThat(conversion.get(i).get("reached").asLong()).as(query + " reached " + i).isEqualTo(step[0]);
            softly.assertThat(conversion.get(i).get("advanced").asLong()).as(query + " advanced " + i).isEqualTo(step[1]);
            softly.assertThat(decimal(conversion.get(i).get("rate"))).as(query + " rate " + i).isEqualTo(strip(rate(step[1], step[0])));
        }
        softly.assertAll();
    }

    private static BigDecimal rate(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_EVEN);
    }

    private static boolean in(LocalDate date, LocalDate from, LocalDate to) {
        return date != null && (from == null || !date.isBefore(from)) && (to == null || !date.isAfter(to));
    }

    private static Map<String, BigDecimal> money(JsonNode node) {
        Map<String, BigDecimal> values = new TreeMap<>();
        node.properties().forEach(e -> values.put(e.getKey(), e.getValue().decimalValue().stripTrailingZeros()));
        return values;
    }

    private static Map<String, BigDecimal> normalise(Map<String, BigDecimal> values) {
        Map<String, BigDecimal> normalised = new TreeMap<>();
        values.forEach((k, v) -> normalised.put(k, v.stripTrailingZeros()));
        return normalised;
    }

    private static BigDecimal decimal(JsonNode node) {
        return node == null || node.isNull() ? null : node.decimalValue().stripTrailingZeros();
    }

    private static BigDecimal strip(BigDecimal value) {
        return value == null ? null : value.stripTrailingZeros();
    }

    private static String param(String query, String name) {
        for (String pair : query.replace("?", "").split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return null;
    }

    private static LocalDate date(String value) {
        return value == null ? null : LocalDate.parse(value);
    }
}
