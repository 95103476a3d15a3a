package io.pulsecrm.deals.analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.pulsecrm.deals.deals.Deal;
import io.pulsecrm.deals.deals.DealStatus;
import io.pulsecrm.deals.deals.Money;
import io.pulsecrm.deals.deals.StageChange;
import io.pulsecrm.deals.pipelines.Pipeline;
import io.pulsecrm.deals.pipelines.Stage;
import io.pulsecrm.deals.pipelines.StageKind;

/**
 * Sales figures of one pipeline, computed from the deals themselves (no separately maintained counters that
 * could drift). Money is summed exactly per currency (BigDecimal); there is no exchange-rate conversion.
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

    public record Period(LocalDate from, LocalDate to) {
        boolean contains(LocalDate date) {
            return date != null && (from == null || !date.isBefore(from)) && (to == null || !date.isAfter(to));
        }

        boolean contains(Instant instant) {
            return instant != null && contains(LocalDate.ofInstant(instant, ZoneOffset.UTC));
        }

        boolean unbounded() {
            return from == null && to == null;
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

    public record OwnerResult(String ownerId, long wonCount, Map<String, BigDecimal> revenue) {
    }

    public record Report(String pipelineId, String ownerId, LocalDate from, LocalDate to,
                         long openDeals, Map<String, BigDecimal> openValue, List<ForecastMonth> forecast,
                         List<Conversion> conversion, long won, long lost, BigDecimal winRate,
                         Map<String, BigDecimal> averageDealSize, BigDecimal averageSalesCycleDays,
                         Map<String, Long> lostByReason, List<LostByStage> lostByStage, List<OwnerResult> owners) {
    }

    public static Report compute(Pipeline pipeline, List<Deal> deals, String ownerId, Period period) {
        // open pipeline and forecast
        long openDeals = 0;
        Map<String, BigDecimal> openValue = new TreeMap<>();
        Map<String, Map<String, BigDecimal>> weightedByMonth = new TreeMap<>(); // month -> currency -> amount × p
        Map<String, Map<String, BigDecimal>> unweightedByMonth = new TreeMap<>();
        Map<String, Long> dealsByMonth = new TreeMap<>();
        for (Deal deal : deals) {
            if (deal.status() != DealStatus.OPEN || !(period.unbounded() || period.contains(deal.expectedCloseDate()))) {
                continue;
            }
            openDeals++;
            String month = deal.expectedCloseDate() == null ? "unscheduled" : deal.expectedCloseDate().toString().substring(0, 7);
            dealsByMonth.merge(month, 1L, Long::sum);
            if (deal.amountMinor() == null) {
                continue;
            }
            int probability = pipeline.stage(deal.stageId()).map(Stage::probability).orElse(0);
            BigDecimal amount = deal.amount();
            openValue.merge(deal.currency(), amount, BigDecimal::add);
            // exact: a percentage only moves the decimal point, so no rounding until display
            weightedByMonth.computeIfAbsent(month, m -> new TreeMap<>())
                    .merge(deal.currency(), amount.multiply(BigDecimal.valueOf(probability)).movePointLeft(2), BigDecimal::add);
            unweightedByMonth.computeIfAbsent(month, m -> new TreeMap<>()).merge(deal.currency(), amount, BigDecimal::add);
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
        for (Deal deal : deals) {
            if (deal.status() == DealStatus.OPEN || !period.contains(deal.closedAt())) {
                continue;
            }
            if (deal.status() == DealStatus.WON) {
                won++;
                cycleMillis += Duration.between(deal.getCreatedAt(), deal.closedAt()).toMillis();
                ownerWon.merge(deal.ownerId(), 1L, Long::sum);
                Map<String, BigDecimal> revenue = ownerRevenue.computeIfAbsent(deal.ownerId(), o -> new TreeMap<>());
                if (deal.amountMinor() != null) {
                    wonSum.merge(deal.currency(), deal.amount(), BigDecimal::add);
                    wonWithAmount.merge(deal.currency(), 1L, Long::sum);
                    revenue.merge(deal.currency(), deal.amount(), BigDecimal::add);
                }
            } else {
                lost++;
                lostByReason.merge(String.valueOf(deal.lostReason()), 1L, Long::sum);
                StageChange last = deal.stageHistory().getLast();
                lostByStageCount.merge(last.fromStageId(), 1L, Long::sum);
                lostStageNames.putIfAbsent(last.fromStageId(), last.fromStageName());
            }
        }
        Map<String, BigDecimal> averageDealSize = new TreeMap<>();
        wonSum.forEach((currency, total) -> averageDealSize.put(currency, total
                .divide(BigDecimal.valueOf(wonWithAmount.get(currency)), Money.digits(currency), RoundingMode.HALF_EVEN)));
        BigDecimal cycleDays = won == 0 ? null : BigDecimal.valueOf(cycleMillis)
                .divide(BigDecimal.valueOf(won * 86_400_000L), 2, RoundingMode.HALF_EVEN);
        List<LostByStage> lostByStage = new ArrayList<>();
        lostByStageCount.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparingInt(id -> positionOrEnd(pipeline, id))))
                .forEach(e -> lostByStage.add(new LostByStage(e.getKey(),
                        pipeline.stage(e.getKey()).map(Stage::name).orElse(lostStageNames.get(e.getKey())), e.getValue())));
        List<OwnerResult> owners = new ArrayList<>();
        ownerWon.forEach((owner, count) -> owners.add(new OwnerResult(owner, count, ownerRevenue.get(owner))));

        return new Report(pipeline.getId(), ownerId, period.from(), period.to(), openDeals, openValue, forecast,
                conversion(pipeline, deals, period), won, lost, rate(won, won + lost), averageDealSize, cycleDays,
                lostByReason, lostByStage, owners);
    }

    private static List<Conversion> conversion(Pipeline pipeline, List<Deal> deals, Period period) {
        List<Stage> open = pipeline.openStages();
        int wonStep = open.size();
        long[] reachedAtLeast = new long[open.size() + 1];
        for (Deal deal : deals) {
            if (!period.contains(deal.getCreatedAt())) {
                continue;
            }
            int furthest = -1;
            for (StageChange change : deal.stageHistory()) {
                if (change.toKind() == StageKind.WON) {
                    furthest = wonStep;
                    break;
                }
                for (int i = 0; i < open.size(); i++) {
                    if (open.get(i).id().equals(change.toStageId())) {
                        furthest = Math.max(furthest, i);
                    }
                }
            }
            for (int i = 0; i <= furthest; i++) {
                reachedAtLeast[i]++;
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
