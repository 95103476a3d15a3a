package io.pulsecrm.deals.stats;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.UpdateOptions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pulsecrm.deals.DealsProperties;
import io.pulsecrm.deals.deals.Deal;
import io.pulsecrm.deals.deals.DealFilter;
import io.pulsecrm.deals.stats.DealFacts.Card;
import io.pulsecrm.deals.stats.StatsLayout.CardPlacement;
import io.pulsecrm.deals.stats.StatsLayout.DocRef;
import io.pulsecrm.deals.stats.StatsLayout.EntryDelta;
import io.pulsecrm.deals.stats.StatsLayout.Op;
import io.pulsecrm.deals.stats.StatsLayout.Placement;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Keeps the statistics of a deal equal to what the deal, as stored now, contributes.
 * <p>
 * Why from the stored deal and not from the event's payload: the deal document holds everything the figures need
 * (the stage history included, which events do not carry), and recomputing from the current state makes
 * redelivered, reordered or dead-lettered events harmless: whatever triggers an update, the result is the deal's
 * current contribution. The events are the trigger: the outbox guarantees one after every deal write, so a crash
 * between the deal write and the statistics update is repaired when the event is delivered.
 * <p>
 * How it stays exact with several replicas and crashes (no multi-document transactions):
 * <ol>
 *   <li>each deal has a fact document per generation recording what it contributes now ({@code facts}, from which
 *       its rows and card follow) and the deal version that is; it is changed only by compare-and-set on its
 *       {@code rev};</li>
 *   <li>an update computes the difference between the recorded and the current contribution as one operation per
 *       statistics document, and stores the operations as {@code pending} in the fact document <em>in the same
 *       write</em> as the new contribution;</li>
 *   <li>each operation is applied to its statistics document by compare-and-set, together with its id in the
 *       document's {@code ops}, so an operation is applied once however often it is retried;</li>
 *   <li>then {@code pending} is cleared and the ids are removed from the documents.</li>
 * </ol>
 * If the process dies in between, the pending operations stay reserved for {@code claimTimeout}; the next update of
 * the deal (the redelivered event, the deal's next event, or a rebuild) then takes them over and finishes them.
 */
@Component
public class DealStatsUpdater {

    private static final Duration PAUSE = Duration.ofMillis(20);

    private final MongoTemplate mongo;
    private final StatsGenerations generations;
    private final Clock clock;
    private final DealsProperties.Stats properties;
    private final Counter takeovers;

    DealStatsUpdater(MongoTemplate mongo, StatsGenerations generations, Clock clock, DealsProperties properties,
                     MeterRegistry meters) {
        this.mongo = mongo;
        this.generations = generations;
        this.clock = clock;
        this.properties = properties.stats();
        this.takeovers = Counter.builder("pulse.deals.stats.takeovers")
                .description("Deal statistics updates left unfinished (a crash, a timeout) and finished by a later one")
                .register(meters);
    }

    /** Brings the deal's statistics up to date in every live generation. */
    public void sync(String dealId) {
        for (long generation : generations.current().live()) {
            sync(generation, dealId);
        }
    }

    void sync(long generation, String dealId) {
        sync(generation, dealId, Integer.MAX_VALUE);
    }

    /** @param crashAfter for tests: stop as if the process died after applying this many operations */
    void sync(long generation, String dealId, int crashAfter) {
        String factId = StatsLayout.factId(generation, dealId);
        Instant giveUp = clock.instant().plus(properties.claimTimeout().multipliedBy(2));
        while (true) {
            Document fact = facts().find(new Document("_id", factId)).first();
            Document pending = fact == null ? null : fact.get("pending", Document.class);
            if (pending != null) {
                Instant claimedAt = pending.getDate("at").toInstant();
                if (claimedAt.plus(properties.claimTimeout()).isAfter(clock.instant())) {
                    // another replica is applying this deal's last change right now
                    if (clock.instant().isAfter(giveUp)) {
                        throw new StatsBusyException("statistics of deal " + dealId + " stay reserved by another update");
                    }
                    pause();
                    continue;
                }
                Document claimed = withRev(fact, rev(fact) + 1);
                claimed.put("pending", new Document(pending).append("at", Date.from(clock.instant())));
                if (replace(fact, claimed)) {
                    takeovers.increment();
                    finish(claimed, crashAfter);
                }
                continue;
            }
            Deal deal = mongo.findById(dealId, Deal.class);
            long dealVersion = deal == null || deal.getVersion() == null ? -1 : deal.getVersion();
            if (fact == null ? deal == null || deal.isDeleted() : StatsLayout.number(fact, "dealVersion") >= dealVersion) {
                return; // up to date (a redelivered or stale event)
            }
            DealFacts now = DealFacts.of(deal).orElse(null);
            DealFacts recorded = fact == null ? null : StatsLayout.facts(fact.get("facts", Document.class));
            List<Placement> after = now == null ? List.of() : StatsLayout.placements(generation, now);
            CardPlacement cardAfter = now == null ? null : StatsLayout.card(generation, now);
            List<Placement> before = recorded == null ? List.of() : StatsLayout.placements(generation, recorded);
            CardPlacement cardBefore = recorded == null ? null : StatsLayout.card(generation, recorded);
            long rev = fact == null ? 0 : rev(fact) + 1;
            List<Op> ops = StatsLayout.diff(factId + "|" + rev, before, cardBefore, after, cardAfter);

            Document next = new Document("_id", factId).append("gen", generation).append("rev", rev)
                    .append("dealVersion", dealVersion).append("facts", now == null ? null : StatsLayout.toDocument(now));
            if (!ops.isEmpty()) {
                next.append("pending", new Document("at", Date.from(clock.instant()))
                        .append("ops", ops.stream().map(Op::toDocument).toList()));
            }
            if (fact == null ? insert(next) : replace(fact, next)) {
                if (!ops.isEmpty()) {
                    finish(next, crashAfter);
                }
                return;
            }
            // another update of this deal got there first: start over from what it wrote
        }
    }

    /** Applies the fact's pending operations, then clears them; the caller holds the claim ({@code pending.at}). */
    private void finish(Document fact, int crashAfter) {
        Document pending = fact.get("pending", Document.class);
        Instant mustEndBy = pending.getDate("at").toInstant().plus(properties.claimTimeout().dividedBy(2));
        List<Op> ops = pending.getList("ops", Document.class, List.of()).stream().map(Op::from).toList();
        long generation = StatsLayout.number(fact, "gen");
        int applied = 0;
        for (Op op : ops) {
            if (applied++ >= crashAfter) {
                throw new SimulatedCrash();
            }
            if (clock.instant().isAfter(mustEndBy)) {
                // from here on another replica may take the operations over: stop touching them
                throw new StatsBusyException("updating the statistics " + fact.getString("_id") + " took too long");
            }
            apply(generation, op);
        }
        Document done = withRev(fact, rev(fact) + 1);
        done.remove("pending");
        if (replace(fact, done)) {
            for (Op op : ops) {
                if (!counts(op)) {
                    continue;
                }
                stats().updateOne(new Document("_id", op.doc().id()),
                        new Document("$pull", new Document("ops", op.id())).append("$inc", new Document("v", 1L)));
            }
        }
    }

    private void apply(long generation, Op op) {
        DocRef ref = op.doc();
        while (true) {
            Document doc = stats().find(new Document("_id", ref.id())).first();
            boolean created = doc == null;
            if (created) {
                listOwner(generation, ref); // before the document exists, so a reader that finds one finds the other
                doc = new Document("_id", ref.id()).append("gen", generation).append("pipelineId", ref.pipelineId())
                        .append("ownerId", ref.ownerId()).append("kind", ref.kind()).append("month", ref.month())
                        .append("v", 0L).append("ops", new ArrayList<String>());
            } else if (doc.getList("ops", String.class, List.of()).contains(op.id())) {
                return; // applied before a crash or by a replica that took over
            }
            long version = StatsLayout.number(doc, "v");
            for (EntryDelta delta : op.entries()) {
                applyEntry(doc, delta);
            }
            if (!op.heads().isEmpty()) {
                CardHeads.Outcome outcome = CardHeads.apply(doc, op.heads(), properties.cardIndexSize());
                for (String stageId : outcome.refill()) {
                    CardHeads.replace(doc, stageId, firstCards(ref, stageId), properties.cardIndexSize());
                }
                if (!counts(op) && !created && !outcome.changed() && outcome.refill().isEmpty()) {
                    return; // a card beyond the head's bound (or already there): nothing to write
                }
            }
            if (counts(op)) {
                List<String> applied = new ArrayList<>(doc.getList("ops", String.class, List.of()));
                applied.add(op.id());
                doc.put("ops", applied);
            }
            doc.put("v", version + 1);
            if (created) {
                if (insert(stats(), doc)) {
                    return;
                }
            } else if (stats().replaceOne(new Document("_id", ref.id()).append("v", version), doc).getMatchedCount() == 1) {
                return;
            }
            // changed by another deal's update meanwhile: apply to the new state
        }
    }

    /**
     * Whether the operation changes counters, which must be applied exactly once (its id is kept in the document until
     * the deal's update is complete). Card changes alone are set operations on deal ids: repeating them changes
     * nothing, so they need no id.
     */
    private static boolean counts(Op op) {
        return !op.entries().isEmpty();
    }

    private static void applyEntry(Document doc, EntryDelta delta) {
        Document section = doc.get(delta.section(), Document.class);
        if (section == null) {
            section = new Document();
            doc.put(delta.section(), section);
        }
        Document row = section.get(delta.hash(), Document.class);
        if (row == null) {
            row = new Document(delta.key());
        }
        long n = StatsLayout.number(row, "n") + delta.n();
        long a = StatsLayout.number(row, "a") + delta.a();
        long y = StatsLayout.number(row, "y") + delta.y();
        if (n == 0 && a == 0 && y == 0) {
            section.remove(delta.hash());
            return;
        }
        row.put("n", n);
        row.put("a", a);
        row.put("y", y);
        if (delta.fromName() != null) {
            row.put("fn", delta.fromName());
        }
        section.put(delta.hash(), row);
    }

    /** The owner's first deals in a stage, read from the deals: refills a head that changes had emptied. */
    private List<Card> firstCards(DocRef ref, String stageId) {
        DealFilter filter = new DealFilter(ref.pipelineId(), stageId, null, ref.ownerId(), null, null, null, null, null, null);
        Query query = Query.query(filter.criteria()).with(Sort.by("_id")).limit(properties.cardIndexSize() + 1);
        query.fields().include("_id", "teamId", "expectedCloseDate");
        List<Card> cards = new ArrayList<>();
        for (Document deal : mongo.find(query, Document.class, Deal.COLLECTION)) {
            cards.add(new Card(stageId, deal.getString("_id"), deal.getString("teamId"), deal.getString("expectedCloseDate")));
        }
        return cards;
    }

    private void listOwner(long generation, DocRef ref) {
        Document update = new Document("$addToSet", new Document("owners", ref.ownerId()))
                .append("$setOnInsert", new Document("gen", generation).append("pipelineId", ref.pipelineId())
                        .append("kind", StatsLayout.OWNERS));
        Document filter = new Document("_id", StatsLayout.ownersId(generation, ref.pipelineId()));
        try {
            stats().updateOne(filter, update, new UpdateOptions().upsert(true));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            stats().updateOne(filter, update); // created concurrently: now it exists
        }
    }

    private boolean insert(Document fact) {
        return insert(facts(), fact);
    }

    private static boolean insert(MongoCollection<Document> collection, Document document) {
        try {
            collection.insertOne(document);
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    /** Compare-and-set on the fact's {@code rev}: a plain equality filter, answered by the (_id, rev) index. */
    private boolean replace(Document current, Document next) {
        Document filter = new Document("_id", current.getString("_id")).append("rev", rev(current));
        return facts().replaceOne(filter, next).getMatchedCount() == 1;
    }

    private static Document withRev(Document fact, long rev) {
        Document copy = new Document(fact);
        copy.put("rev", rev);
        return copy;
    }

    private static long rev(Document fact) {
        return StatsLayout.number(fact, "rev");
    }

    private MongoCollection<Document> facts() {
        return mongo.getCollection(StatsLayout.FACTS);
    }

    private MongoCollection<Document> stats() {
        return mongo.getCollection(StatsLayout.STATS);
    }

    private static void pause() {
        try {
            Thread.sleep(PAUSE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StatsBusyException("interrupted while waiting for another update");
        }
    }

    /** Thrown by tests' simulated crashes: nothing after it runs, as if the process had died. */
    static final class SimulatedCrash extends RuntimeException {
        SimulatedCrash() {
            super("simulated crash", null, false, false);
        }
    }
}
