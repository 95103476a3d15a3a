package io.pulsecrm.deals.stats;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import io.pulsecrm.deals.deals.Deal;
import io.pulsecrm.deals.deals.DealStatus;
import io.pulsecrm.deals.deals.StageChange;
import io.pulsecrm.deals.pipelines.StageKind;
import io.pulsecrm.deals.stats.Figures.Closing;
import io.pulsecrm.deals.stats.Figures.Position;
import io.pulsecrm.deals.stats.Figures.Reach;

/**
 * What one deal contributes to the statistics, from its stored state alone (stage probabilities and order are
 * applied when figures are read, so a pipeline change never needs the statistics rewritten). A deleted deal
 * contributes nothing. Dates are UTC days: the expected close date, the day the deal was closed, the day it
 * was created.
 *
 * @param closing null while the deal is open
 * @param card    the deal's place on the board
 */
public record DealFacts(String dealId, String pipelineId, String ownerId,
                        Position position, LocalDate closeDate,
                        Closing closing, LocalDate closedDate,
                        Reach reach, LocalDate createdDate,
                        Card card) {

    /** A card on the board: enough to order it (by id, which is creation order) and to apply the board's filters. */
    public record Card(String stageId, String dealId, String teamId, String closeDate) {
    }

    public static Optional<DealFacts> of(Deal deal) {
        if (deal == null || deal.isDeleted()) {
            return Optional.empty();
        }
        String owner = deal.ownerId();
        LocalDate close = deal.expectedCloseDate();
        boolean hasAmount = deal.amountMinor() != null;
        Position position = new Position(owner, deal.stageId(), deal.status(), deal.teamId(),
                hasAmount ? deal.currency() : null, close == null ? null : close.toString().substring(0, 7), 1,
                hasAmount ? deal.amountMinor() : 0);

        Closing closing = null;
        LocalDate closedDate = null;
        if (deal.status() != DealStatus.OPEN && deal.closedAt() != null) {
            closedDate = LocalDate.ofInstant(deal.closedAt(), ZoneOffset.UTC);
            if (deal.status() == DealStatus.WON) {
                closing = new Closing(owner, DealStatus.WON, null, null, null, hasAmount ? deal.currency() : null, 1,
                        hasAmount ? deal.amountMinor() : 0, Duration.between(deal.getCreatedAt(), deal.closedAt()).toMillis());
            } else {
                StageChange lostFrom = lostFrom(deal.stageHistory());
                closing = new Closing(owner, DealStatus.LOST, String.valueOf(deal.lostReason()),
                        lostFrom == null ? null : lostFrom.fromStageId(), lostFrom == null ? null : lostFrom.fromStageName(),
                        null, 1, 0, 0);
            }
        }

        TreeSet<String> visited = new TreeSet<>();
        boolean won = false;
        for (StageChange change : deal.stageHistory()) {
            if (change.toKind() == StageKind.WON) {
                won = true;
            } else if (change.toKind() == StageKind.OPEN && change.toStageId() != null) {
                visited.add(change.toStageId());
            }
        }
        Reach reach = new Reach(owner, List.copyOf(visited), won, 1);

        Card card = new Card(deal.stageId(), deal.getId(), deal.teamId(), close == null ? null : close.toString());
        return Optional.of(new DealFacts(deal.getId(), deal.pipelineId(), owner, position, close, closing, closedDate,
                reach, LocalDate.ofInstant(deal.getCreatedAt(), ZoneOffset.UTC), card));
    }

    /**
     * The change that lost the deal: the last one with reason {@code lost} (a lost deal relocated because an admin
     * removed its lost stage still counts as lost from where it was lost), else the last change.
     */
    private static StageChange lostFrom(List<StageChange> history) {
        for (int i = history.size() - 1; i >= 0; i--) {
            if ("lost".equals(history.get(i).reason())) {
                return history.get(i);
            }
        }
        return history.isEmpty() ? null : history.getLast();
    }
}
