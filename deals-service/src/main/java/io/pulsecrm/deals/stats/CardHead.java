package io.pulsecrm.deals.stats;

import java.util.List;

import io.pulsecrm.deals.stats.DealFacts.Card;

/**
 * One owner's first deals in one stage, in id (creation) order: every one of the owner's deals in the stage whose
 * id is at most {@code upTo}, or all of them when {@code upTo} is null.
 */
public record CardHead(String stageId, String upTo, List<Card> cards) {

    public CardHead {
        cards = List.copyOf(cards);
    }

    public boolean covers(String dealId) {
        return upTo == null || dealId.compareTo(upTo) <= 0;
    }
}
