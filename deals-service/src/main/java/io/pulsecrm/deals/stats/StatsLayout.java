package io.pulsecrm.deals.stats;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.pulsecrm.deals.deals.DealStatus;
import io.pulsecrm.deals.stats.DealFacts.Card;
import org.bson.Document;

/**
 * Where a deal's facts live in the {@value #STATS} collection, and how a change of facts becomes per-document
 * operations.
 * <p>
 * Documents (ids start with the generation, see {@link StatsGenerations}; owner ids come last because they are
 * free text):
 * <ul>
 *   <li>{@code <gen>|<pipeline>|all|<owner>}: one owner's all-time rows, each with its month (expected close,
 *       closed or created): unbounded figures and whole months of a period come from here;</li>
 *   <li>{@code <gen>|<pipeline>|days|<yyyy-MM>|<owner>}: the same rows per day, read only for the partly covered
 *       months at the edges of a period;</li>
 *   <li>{@code <gen>|<pipeline>|cards|<owner>}: per stage, the owner's first deal ids in creation order (the
 *       board's first page of cards without scanning deals);</li>
 *   <li>{@code <gen>|<pipeline>|owners}: the owners that have documents, so readers know which ids to fetch.</li>
 * </ul>
 * Rows sit in maps ({@code pos}, {@code closed}, {@code reach}) under a hash of their key fields, so a change is
 * an in-place counter update and no client-supplied text (owner, team, reason) ever becomes a field name.
 */
final class StatsLayout {

    static final String STATS = "deal_stats";
    static final String FACTS = "deal_stats_facts";

    static final String ALL = "all";
    static final String DAYS = "days";
    static final String CARDS = "cards";
    static final String OWNERS = "owners";

    static final String POS = "pos";
    static final String CLOSED = "closed";
    static final String REACH = "reach";
    static final List<String> SECTIONS = List.of(POS, CLOSED, REACH);

    private StatsLayout() {
    }

    /** A statistics document and what it is about (stored in it when it is created). */
    record DocRef(String id, String pipelineId, String ownerId, String kind, String month) {

        static DocRef all(long gen, String pipelineId, String ownerId) {
            return new DocRef(gen + "|" + pipelineId + "|" + ALL + "|" + ownerId, pipelineId, ownerId, ALL, null);
        }

        static DocRef days(long gen, String pipelineId, String month, String ownerId) {
            return new DocRef(gen + "|" + pipelineId + "|" + DAYS + "|" + month + "|" + ownerId, pipelineId, ownerId, DAYS,
                    month);
        }

        static DocRef cards(long gen, String pipelineId, String ownerId) {
            return new DocRef(gen + "|" + pipelineId + "|" + CARDS + "|" + ownerId, pipelineId, ownerId, CARDS, null);
        }

        Document toDocument() {
            return new Document("id", id).append("pipelineId", pipelineId).append("ownerId", ownerId).append("kind", kind)
                    .append("month", month);
        }

        static DocRef from(Document document) {
            return new DocRef(document.getString("id"), document.getString("pipelineId"), document.getString("ownerId"),
                    document.getString("kind"), document.getString("month"));
        }
    }

    static String ownersId(long gen, String pipelineId) {
        return gen + "|" + pipelineId + "|" + OWNERS;
    }

    static String factId(long gen, String dealId) {
        return gen + "|" + dealId;
    }

    /**
     * One row a deal adds to: the row's key fields, and the deal's counts ({@code n} deals, {@code a} amount in minor
     * units, {@code y} sales-cycle milliseconds) plus the lost stage's name as it was ({@code fn}, not part of the key).
     */
    record Placement(DocRef doc, String section, String hash, Document key, long n, long a, long y, String fromName) {

        String slot() {
            return doc.id() + "#" + section + "#" + hash;
        }

    }

    /** The deal's card, in its owner's cards document. */
    record CardPlacement(DocRef doc, Card card) {
    }

    /** A deal's facts as kept in its fact document: compact, the placements are derived from them. */
    static Document toDocument(DealFacts facts) {
        var p = facts.position();
        var c = facts.closing();
        var r = facts.reach();
        return new Document("id", facts.dealId()).append("p", facts.pipelineId()).append("o", facts.ownerId())
                .append("pos", new Document("s", p.stageId()).append("st", status(p.status())).append("t", p.teamId())
                        .append("c", p.currency()).append("a", p.amountMinor()).append("d", date(facts.closeDate())))
                .append("closed", c == null ? null : new Document("st", status(c.status())).append("r", c.lostReason())
                        .append("f", c.fromStageId()).append("fn", c.fromStageName()).append("c", c.currency())
                        .append("a", c.amountMinor()).append("y", c.cycleMillis()).append("d", date(facts.closedDate())))
                .append("reach", new Document("v", r.visitedStageIds()).append("w", r.won()).append("d", date(facts.createdDate())));
    }

    static DealFacts facts(Document document) {
        if (document == null) {
            return null;
        }
        String owner = document.getString("o");
        Document p = document.get("pos", Document.class);
        LocalDate close = localDate(p.getString("d"));
        var position = new Figures.Position(owner, p.getString("s"), status(p.getString("st")), p.getString("t"),
                p.getString("c"), month(close), 1, number(p, "a"));
        Document c = document.get("closed", Document.class);
        var closing = c == null ? null : new Figures.Closing(owner, status(c.getString("st")), c.getString("r"),
                c.getString("f"), c.getString("fn"), c.getString("c"), 1, number(c, "a"), number(c, "y"));
        Document r = document.get("reach", Document.class);
        var reach = new Figures.Reach(owner, r.getList("v", String.class, List.of()), Boolean.TRUE.equals(r.getBoolean("w")), 1);
        String dealId = document.getString("id");
        return new DealFacts(dealId, document.getString("p"), owner, position, close, closing,
                c == null ? null : localDate(c.getString("d")), reach, localDate(r.getString("d")),
                new Card(position.stageId(), dealId, position.teamId(), close == null ? null : close.toString()));
    }

    private static String date(LocalDate date) {
        return date == null ? null : date.toString();
    }

    private static LocalDate localDate(String text) {
        return text == null ? null : LocalDate.parse(text);
    }

    /** Where a deal's facts go in generation {@code gen}. */
    static List<Placement> placements(long gen, DealFacts facts) {
        List<Placement> placements = new ArrayList<>();
        DocRef all = DocRef.all(gen, facts.pipelineId(), facts.ownerId());
        var p = facts.position();
        Document posKey = new Document("s", p.stageId()).append("st", status(p.status())).append("t", p.teamId())
                .append("c", p.currency()).append("m", p.month());
        placements.add(placement(all, POS, posKey, p.deals(), p.amountMinor(), 0, null));
        if (facts.closeDate() != null) {
            placements.add(placement(days(gen, facts, facts.closeDate()), POS, withDay(posKey, facts.closeDate()),
                    p.deals(), p.amountMinor(), 0, null));
        }
        var c = facts.closing();
        if (c != null) {
            Document closedKey = new Document("st", status(c.status())).append("r", c.lostReason()).append("f", c.fromStageId())
                    .append("c", c.currency()).append("m", month(facts.closedDate()));
            placements.add(placement(all, CLOSED, closedKey, c.deals(), c.amountMinor(), c.cycleMillis(), c.fromStageName()));
            placements.add(placement(days(gen, facts, facts.closedDate()), CLOSED, withDay(closedKey, facts.closedDate()),
                    c.deals(), c.amountMinor(), c.cycleMillis(), c.fromStageName()));
        }
        var r = facts.reach();
        Document reachKey = new Document("v", r.visitedStageIds()).append("w", r.won()).append("m", month(facts.createdDate()));
        placements.add(placement(all, REACH, reachKey, r.deals(), 0, 0, null));
        placements.add(placement(days(gen, facts, facts.createdDate()), REACH, withDay(reachKey, facts.createdDate()),
                r.deals(), 0, 0, null));
        return placements;
    }

    static CardPlacement card(long gen, DealFacts facts) {
        return new CardPlacement(DocRef.cards(gen, facts.pipelineId(), facts.ownerId()), facts.card());
    }

    /** A row's change in one document. */
    record EntryDelta(String section, String hash, Document key, long n, long a, long y, String fromName) {

        Document toDocument() {
            return new Document("sec", section).append("h", hash).append("key", key).append("n", n).append("a", a)
                    .append("y", y).append("fn", fromName);
        }

        static EntryDelta from(Document document) {
            return new EntryDelta(document.getString("sec"), document.getString("h"), document.get("key", Document.class),
                    number(document, "n"), number(document, "a"), number(document, "y"), document.getString("fn"));
        }
    }

    /** A card leaving ({@code add == false}) or entering a stage's list in a cards document. */
    record HeadChange(boolean add, Card card) {

        Document toDocument() {
            return new Document("add", add).append("s", card.stageId()).append("i", card.dealId()).append("t", card.teamId())
                    .append("d", card.closeDate());
        }

        static HeadChange from(Document document) {
            return new HeadChange(document.getBoolean("add"), new Card(document.getString("s"), document.getString("i"),
                    document.getString("t"), document.getString("d")));
        }
    }

    /**
     * Everything one deal change does to one document, applied exactly once: the document remembers {@code id} among
     * its {@code ops} in the same write, until the deal's update is complete.
     */
    record Op(String id, DocRef doc, List<EntryDelta> entries, List<HeadChange> heads) {

        Document toDocument() {
            return new Document("id", id).append("doc", doc.toDocument())
                    .append("entries", entries.stream().map(EntryDelta::toDocument).toList())
                    .append("heads", heads.stream().map(HeadChange::toDocument).toList());
        }

        static Op from(Document document) {
            return new Op(document.getString("id"), DocRef.from(document.get("doc", Document.class)),
                    document.getList("entries", Document.class, List.of()).stream().map(EntryDelta::from).toList(),
                    document.getList("heads", Document.class, List.of()).stream().map(HeadChange::from).toList());
        }
    }

    /** The operations that turn the statistics of {@code before} into those of {@code after}, one per document. */
    static List<Op> diff(String opPrefix, List<Placement> before, CardPlacement cardBefore, List<Placement> after,
                         CardPlacement cardAfter) {
        Map<String, Placement> old = new LinkedHashMap<>();
        before.forEach(placement -> old.put(placement.slot(), placement));
        Map<String, Placement> now = new LinkedHashMap<>();
        after.forEach(placement -> now.put(placement.slot(), placement));
        Map<String, DocRef> docs = new LinkedHashMap<>();
        Map<String, List<EntryDelta>> entries = new LinkedHashMap<>();
        Map<String, List<HeadChange>> heads = new LinkedHashMap<>();
        for (Placement gone : old.values()) {
            Placement kept = now.get(gone.slot());
            long n = (kept == null ? 0 : kept.n()) - gone.n();
            long a = (kept == null ? 0 : kept.a()) - gone.a();
            long y = (kept == null ? 0 : kept.y()) - gone.y();
            String name = kept == null ? null : kept.fromName();
            if (n != 0 || a != 0 || y != 0 || (kept != null && !Objects.equals(name, gone.fromName()))) {
                docs.putIfAbsent(gone.doc().id(), gone.doc());
                entries.computeIfAbsent(gone.doc().id(), id -> new ArrayList<>())
                        .add(new EntryDelta(gone.section(), gone.hash(), gone.key(), n, a, y, name));
            }
        }
        for (Placement added : now.values()) {
            if (!old.containsKey(added.slot())) {
                docs.putIfAbsent(added.doc().id(), added.doc());
                entries.computeIfAbsent(added.doc().id(), id -> new ArrayList<>())
                        .add(new EntryDelta(added.section(), added.hash(), added.key(), added.n(), added.a(), added.y(),
                                added.fromName()));
            }
        }
        if (!Objects.equals(cardBefore, cardAfter)) {
            if (cardBefore != null) {
                docs.putIfAbsent(cardBefore.doc().id(), cardBefore.doc());
                heads.computeIfAbsent(cardBefore.doc().id(), id -> new ArrayList<>()).add(new HeadChange(false, cardBefore.card()));
            }
            if (cardAfter != null) {
                docs.putIfAbsent(cardAfter.doc().id(), cardAfter.doc());
                heads.computeIfAbsent(cardAfter.doc().id(), id -> new ArrayList<>()).add(new HeadChange(true, cardAfter.card()));
            }
        }
        List<Op> ops = new ArrayList<>();
        for (DocRef doc : docs.values()) {
            ops.add(new Op(opPrefix + "|" + ops.size(), doc, entries.getOrDefault(doc.id(), List.of()),
                    heads.getOrDefault(doc.id(), List.of())));
        }
        return ops;
    }

    static String status(DealStatus status) {
        return status.name().toLowerCase(java.util.Locale.ROOT);
    }

    static DealStatus status(String status) {
        return DealStatus.valueOf(status.toUpperCase(java.util.Locale.ROOT));
    }

    static String month(LocalDate date) {
        return date == null ? null : date.toString().substring(0, 7);
    }

    /** Field names for rows: base64url of a SHA-256 of the section and key (never contains '$' or '.'). */
    static String hash(String section, Document key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((section + "\u0000" + key.toJson()).getBytes(StandardCharsets.UTF_8));
            return "k" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 18));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static long number(Document document, String field) {
        Object value = document.get(field);
        return value instanceof Number number ? number.longValue() : 0;
    }

    private static DocRef days(long gen, DealFacts facts, LocalDate date) {
        return DocRef.days(gen, facts.pipelineId(), month(date), facts.ownerId());
    }

    private static Document withDay(Document key, LocalDate day) {
        Document withDay = new Document(key);
        withDay.append("d", day.toString());
        return withDay;
    }

    private static Placement placement(DocRef doc, String section, Document key, long n, long a, long y, String fromName) {
        return new Placement(doc, section, hash(section, key), key, n, a, y, fromName);
    }
}
