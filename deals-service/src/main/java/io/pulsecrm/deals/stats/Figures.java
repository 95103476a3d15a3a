package io.pulsecrm.deals.stats;

import java.util.ArrayList;
import java.util.List;

import io.pulsecrm.deals.deals.DealStatus;

/**
 * Sums over deals, grouped by the dimensions the board and the analytics need, every row carrying its owner (so
 * any figure can be restricted to a set of owners by summing only their rows). Read from the statistics read model
 * ({@link DealStatsQueries}) or, before its first build, counted from the deals themselves; either way the same
 * assembly turns them into the board's totals and the analytics report.
 *
 * @param positions where deals are: one row per owner, stage, team, currency and expected-close month
 * @param closings  won and lost deals: one row per owner, outcome, lost reason and stage, currency
 * @param reaches   how far deals got: one row per owner, set of open stages entered and whether ever won
 */
public record Figures(List<Position> positions, List<Closing> closings, List<Reach> reaches) {

    /**
     * @param currency    the currency of {@code amountMinor}; null for deals without an amount
     * @param month       expected-close month ({@code 2027-01}); null for deals without a date
     * @param amountMinor sum of the amounts in minor units of {@code currency}
     */
    public record Position(String ownerId, String stageId, DealStatus status, String teamId, String currency,
                           String month, long deals, long amountMinor) {
    }

    /**
     * @param lostReason    lost deals' reason; null for won deals
     * @param fromStageId   the stage lost deals were lost from; null for won deals
     * @param currency      won deals with an amount: its currency; null otherwise
     * @param amountMinor   sum of the won amounts in minor units of {@code currency}
     * @param cycleMillis   won deals: sum of the time from creation to winning
     */
    public record Closing(String ownerId, DealStatus status, String lostReason, String fromStageId,
                          String fromStageName, String currency, long deals, long amountMinor, long cycleMillis) {
    }

    /**
     * @param visitedStageIds the open stages the deals entered at some point (sorted)
     * @param won             whether they were ever won
     */
    public record Reach(String ownerId, List<String> visitedStageIds, boolean won, long deals) {
    }

    public static Figures empty() {
        return new Figures(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    }
}
