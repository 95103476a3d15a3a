package io.pulsecrm.deals.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.pulsecrm.deals.stats.DealFacts.Card;
import org.bson.Document;

/**
 * The {@code heads} of a cards document ({@link CardHead}s): per stage, the owner's first deals in id (creation)
 * order, with what the board filters on, at most {@code size} of them. Changes are set operations
 * keyed by deal id, so repeating one changes nothing; a head that shrank below half its size is refilled from the
 * deals ({@link DealStatsUpdater}).
 */
final class CardHeads {

    static final String FIELD = "heads";

    private CardHeads() {
    }

    static Document toDocument(CardHead head) {
        return new Document("s", head.stageId()).append("u", head.upTo()).append("e", head.cards().stream()
                .map(c -> new Document("i", c.dealId()).append("t", c.teamId()).append("d", c.closeDate())).toList());
    }

    static CardHead from(Document document) {
        String stage = document.getString("s");
        List<Card> cards = document.getList("e", Document.class, List.of()).stream()
                .map(e -> new Card(stage, e.getString("i"), e.getString("t"), e.getString("d"))).toList();
        return new CardHead(stage, document.getString("u"), cards);
    }

    static List<CardHead> heads(Document cardsDocument) {
        Document heads = cardsDocument == null ? null : cardsDocument.get(FIELD, Document.class);
        if (heads == null) {
            return List.of();
        }
        List<CardHead> result = new ArrayList<>();
        heads.values().forEach(value -> result.add(from((Document) value)));
        return result;
    }

    /**
     * @param changed whether the document changed
     * @param refill  stages whose head is now too short and should be refilled from the deals
     */
    record Outcome(boolean changed, Set<String> refill) {
    }

    /** Applies the changes to the document. */
    static Outcome apply(Document cardsDocument, List<StatsLayout.HeadChange> changes, int size) {
        Document heads = cardsDocument.get(FIELD, Document.class);
        if (heads == null) {
            heads = new Document();
            cardsDocument.put(FIELD, heads);
        }
        Set<String> refill = new LinkedHashSet<>();
        boolean changed = false;
        for (StatsLayout.HeadChange change : changes) {
            Card card = change.card();
            String field = StatsLayout.hash("head", new Document("s", card.stageId()));
            Document stored = heads.get(field, Document.class);
            CardHead head = stored == null ? new CardHead(card.stageId(), null, List.of()) : from(stored);
            List<Card> cards = new ArrayList<>(head.cards());
            cards.removeIf(c -> c.dealId().equals(card.dealId()));
            String upTo = head.upTo();
            if (change.add() && head.covers(card.dealId())) {
                cards.add(card);
                cards.sort(Comparator.comparing(Card::dealId));
                if (cards.size() > size) {
                    cards = new ArrayList<>(cards.subList(0, size));
                    upTo = cards.getLast().dealId();
                }
            }
            CardHead updated = new CardHead(card.stageId(), upTo, cards);
            if (!updated.equals(head)) {
                changed = true;
                if (cards.isEmpty() && upTo == null) {
                    heads.remove(field);
                } else {
                    heads.put(field, toDocument(updated));
                }
            }
            if (upTo != null && cards.size() < Math.max(1, size / 2)) {
                refill.add(card.stageId());
            }
        }
        return new Outcome(changed, refill);
    }

    /** Replaces a stage's head with the owner's first deals in the stage, as read from the deals ({@code size + 1} at most). */
    static void replace(Document cardsDocument, String stageId, List<Card> firstDeals, int size) {
        Document heads = cardsDocument.get(FIELD, Document.class);
        if (heads == null) {
            heads = new Document();
            cardsDocument.put(FIELD, heads);
        }
        String field = StatsLayout.hash("head", new Document("s", stageId));
        List<Card> cards = firstDeals.size() > size ? firstDeals.subList(0, size) : firstDeals;
        String upTo = firstDeals.size() > size ? cards.getLast().dealId() : null;
        if (cards.isEmpty()) {
            heads.remove(field);
        } else {
            heads.put(field, toDocument(new CardHead(stageId, upTo, cards)));
        }
    }
}
