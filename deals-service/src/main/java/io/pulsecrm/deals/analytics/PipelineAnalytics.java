package io.pulsecrm.deals.analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.pulsecrm.deals.deals.DealStatus;
import io.pulsecrm.deals.deals.Money;
import io.pulsecrm.deals.pipelines.Pipeline;
import io.pulsecrm.deals.pipelines.Stage;
import io.pulsecrm.deals.pipelines.StageKind;
import io.pulsecrm.deals.stats.DealStatsQueries;
import io.pulsecrm.deals.stats.Figures;
import io.pulsecrm.deals.stats.Figures.Closing;
import io.pulsecrm.deals.stats.Figures.Position;
import io.pulsecrm.deals.stats.Figures.Reach;

/**
 * Sales figures of one pipeline, assembled from {@link Figures}: sums per owner, stage, month... kept by the
 * statistics read model (or counted from the deals before its first build). Stage probabilities and stage order
 * are the pipeline's current ones. Money is summed exactly per currency (minor units, then BigDecimal); there is
 * no exchange-rate conversion.
 * <ul>
 *   <li>open value and weighted forecast: open deals (with the period: expected to close in it);</li>
 *   <li>win rate, average deal size, sales cycle, lost breakdowns, per-owner results: deals closed in the period;</li>
 *   <li>stage conversion: deals created in the period, by the furthest open stage they reached (skipped stages
 *       count as passed) and whether they were ever won.</li>
 * </ul>
 */
public final class PipelineAnalytics {

    private static final int RATE_SCALE = 4;

    private PipelineAnalytics() {
    }

    /** Inclusive UTC dates, either end open. */
    public record Period(LocalDate from, LocalDate to) {
        public DealStatsQueries.Range range() {
            return new DealStatsQueries.Range(from, to);
        }
    }

    public record ForecastMonth(String month, Map<String, BigDecimal> weighted, Map<String, BigDecimal> unweighted,
                                long deals) {
    }

    public record Conversion(String fromStageId, String fromStageName, String toStageId, String toStageName,
                             long reached, long advanced, BigDecimal rate) {
    }

    public record LostByStage(String stageId, String stageName, long count) {
    }

    /** A leaderboard row: deals won and their revenue (closed in the period), and the owner's open pipeline. */
    public record OwnerResult(String ownerId, long wonCount, Map<String, BigDecimal> revenue,
                              long openDeals, Map<String, BigDecimal> openValue) {
    }

    public record Report(String pipelineId, String ownerId, String teamId, LocalDate from, LocalDate to,
                         long openDeals, Map<String, BigDecimal> openValue, List<ForecastMonth> forecast,
                         List<Conversion> conversion, long won, long lost, BigDecimal winRate,
                         Map<String, BigDecimal> averageDealSize, BigDecimal averageSalesCycleDays,
                         Map<String, Long> lostByReason, List<LostByStage> lostByStage, List<OwnerResult> owners) {
    }

    /**
     * @param figures positions of open deals expected to close in the period (all open deals without a period),
     *                closings in the period, reaches of deals created in the period; see {@link DealStatsQueries}
     */
    public static Report report(Pipeline pipeline, Figures figures, String ownerId, String teamId, Period period) {
        // open pipeline and forecast
        long openDeals = 0;
        Map<String, BigDecimal> openValue = new TreeMap<>();
        Map<String, Map<String, BigDecimal>> weightedByMonth = new TreeMap<>(); // month -> currency -> amount × p
        Map<String, Map<String, BigDecimal>> unweightedByMonth = new TreeMap<>();
        Map<String, Long> dealsByMonth = new TreeMap<>();
        Map<String, Long> ownerOpenDeals = new TreeMap<>();
        Map<String, Map<String, BigDecimal>> ownerOpenValue = new TreeMap<>();
        for (Position position : figures.positions()) {
            if (position.status() != DealStatus.OPEN || position.deals() == 0) {
                continue;
            }
            openDeals += position.deals();
            ownerOpenDeals.merge(position.ownerId(), position.deals(), Long::sum);
            Map<String, BigDecimal> ownerOpen = ownerOpenValue.computeIfAbsent(position.ownerId(), o -> new TreeMap<>());
            String month = position.month() == null ? "unscheduled" : position.month();
            dealsByMonth.merge(month, position.deals(), Long::sum);
            if (position.currency() == null) {
                continue;
            }
            int probability = pipeline.stage(position.stageId()).map(Stage::probability).orElse(0);
            BigDecimal amount = Money.fromMinor(position.amountMinor(), position.currency());
            openValue.merge(position.currency(), amount, BigDecimal::add);
            ownerOpen.merge(position.currency(), amount, BigDecimal::add);
            // exact: a percentage only moves the decimal point, so no rounding until display
            weightedByMonth.computeIfAbsent(month, m -> new TreeMap<>())
                    .merge(position.currency(), amount.multiply(BigDecimal.valueOf(probability)).movePointLeft(2), BigDecimal::add);
            unweightedByMonth.computeIfAbsent(month, m -> new TreeMap<>()).merge(position.currency(), amount, BigDecimal::add);
        }
        List<ForecastMonth> forecast = new ArrayList<>();
        dealsByMonth.forEach((month, count) -> {
            forecast.add(new ForecastMonth(month, weightedByMonth.getOrDefault(month, new TreeMap<>()),
                    unweightedByMonth.getOrDefault(month, new TreeMap<>()), count));
        });

        // closed in the period
        long won = 0;
        long lost = 0;
        Map<String, BigDecimal> wonSum = new TreeMap<>();
        Map<String, Long> wonWithAmount = new TreeMap<>();
        long cycleMillis = 0;
        Map<String, Long> lostByReason = new TreeMap<>();
        Map<String, Long> lostByStageCount = new HashMap<>();
        Map<String, String> lostStageNames = new HashMap<>();
        Map<String, Long> ownerWon = new TreeMap<>();
        Map<String, Map<String, BigDecimal>> ownerRevenue = new TreeMap<>();
        for (Closing closing : figures.closings()) {
            if (closing.deals() == 0) {
                continue;
            }
            if (closing.status() == DealStatus.WON) {
                won += closing.deals();
                cycleMillis += closing.cycleMillis();
                ownerWon.merge(closing.ownerId(), closing.deals(), Long::sum);
                Map<String, BigDecimal> revenue = ownerRevenue.computeIfAbsent(closing.ownerId(), o -> new TreeMap<>());
                if (closing.currency() != null) {
                    BigDecimal amount = Money.fromMinor(closing.amountMinor(), closing.currency());
                    wonSum.merge(closing.currency(), amount, BigDecimal::add);
                    wonWithAmount.merge(closing.currency(), closing.deals(), Long::sum);
                    revenue.merge(closing.currency(), amount, BigDecimal::add);
                }
            } else {
                lost += closing.deals();
                lostByReason.merge(closing.lostReason(), closing.deals(), Long::sum);
                lostByStageCount.merge(String.valueOf(closing.fromStageId()), closing.deals(), Long::sum);
                if (closing.fromStageName() != null) {
                    lostStageNames.put(String.valueOf(closing.fromStageId()), closing.fromStageName());
                }
            }
        }
        Map<String, BigDecimal> averageDealSize = new TreeMap<>();
        wonSum.forEach((currency, total) -> averageDealSize.put(currency, total
                .divide(BigDecimal.valueOf(wonWithAmount.get(currency)), Money.digits(currency), RoundingMode.HALF_EVEN)));
        BigDecimal cycleDays = won == 0 ? null : BigDecimal.valueOf(cycleMillis)
                .divide(BigDecimal.valueOf(won * 86_400_000L), 2, RoundingMode.HALF_EVEN);
        List<LostByStage> lostByStage = new ArrayList<>();
        lostByStageCount.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByKey(Comparator.comparingInt(id -> positionOrEnd(pipeline, id)))
                        .thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> lostByStage.add(new LostByStage(e.getKey(),
                        pipeline.stage(e.getKey()).map(Stage::name).orElse(lostStageNames.get(e.getKey())), e.getValue())));
        // the leaderboard: everyone who won in the period or holds open deals, most deals won first
        Set<String> ownerIds = new TreeSet<>(ownerWon.keySet());
        ownerIds.addAll(ownerOpenDeals.keySet());
        List<OwnerResult> owners = new ArrayList<>();
        for (String owner : ownerIds) {
            owners.add(new OwnerResult(owner, ownerWon.getOrDefault(owner, 0L), ownerRevenue.getOrDefault(owner, new TreeMap<>()),
                    ownerOpenDeals.getOrDefault(owner, 0L), ownerOpenValue.getOrDefault(owner, new TreeMap<>())));
        }
        owners.sort(Comparator.comparingLong(OwnerResult::wonCount).reversed().thenComparing(OwnerResult::ownerId));

        return new Report(pipeline.getId(), ownerId, teamId, period.from(), period.to(), openDeals, openValue, forecast,
                conversion(pipeline, figures.reaches()), won, lost, rate(won, won + lost), averageDealSize, cycleDays,
                lostByReason, lostByStage, owners);
    }

    /**
     * For each open stage in the pipeline's current order: deals that reached it (entered it or a later open stage,
     * or were won; skipped stages count as passed) and deals that got past it.
     */
    private static List<Conversion> conversion(Pipeline pipeline, List<Reach> reaches) {
        List<Stage> open = pipeline.openStages();
        int wonStep = open.size();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < open.size(); i++) {
            index.put(open.get(i).id(), i);
        }
        long[] reachedAtLeast = new long[open.size() + 1];
        for (Reach reach : reaches) {
            int furthest = -1;
            if (reach.won()) {
                furthest = wonStep;
            } else {
                for (String stageId : reach.visitedStageIds()) {
                    furthest = Math.max(furthest, index.getOrDefault(stageId, -1));
                }
            }
            for (int i = 0; i <= furthest; i++) {
                reachedAtLeast[i] += reach.deals();
            }
        }
        List<Conversion> steps = new ArrayList<>();
        for (int i = 0; i < open.size(); i++) {
            Stage from = open.get(i);
            boolean toWon = i + 1 == open.size();
            Stage won = pipeline.firstStageOf(StageKind.WON);
            String toId = toWon ? won.id() : open.get(i + 1).id();
            String toName = toWon ? won.name() : open.get(i + 1).name();
            steps.add(new Conversion(from.id(), from.name(), toId, toName, reachedAtLeast[i], reachedAtLeast[i + 1],
                    rate(reachedAtLeast[i + 1], reachedAtLeast[i])));
        }
        return steps;
    }

    private static int positionOrEnd(Pipeline pipeline, String stageId) {
        int position = pipeline.position(stageId);
        return position < 0 ? Integer.MAX_VALUE : position;
    }

    static BigDecimal rate(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), RATE_SCALE, RoundingMode.HALF_EVEN);
    }
}
