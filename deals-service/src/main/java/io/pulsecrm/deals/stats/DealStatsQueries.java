package io.pulsecrm.deals.stats;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.pulsecrm.deals.deals.Deal;
import io.pulsecrm.deals.deals.DealFilter;
import io.pulsecrm.deals.deals.DealQueries;
import io.pulsecrm.deals.stats.Figures.Closing;
import io.pulsecrm.deals.stats.Figures.Position;
import io.pulsecrm.deals.stats.Figures.Reach;
import io.pulsecrm.platform.web.InvalidRequestException;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads figures from the statistics: a handful of documents per owner (the owner's all-time rows, plus day rows for
 * the partly covered months at the edges of a date range), whatever the number of deals. Every query takes the set
 * of owners whose deals may be counted ({@code null} for all), so record visibility is a parameter, not a scan.
 */
@Component
public class DealStatsQueries {

    private final MongoTemplate mongo;
    private final StatsGenerations generations;
    private final DealQueries deals;

    DealStatsQueries(MongoTemplate mongo, StatsGenerations generations, DealQueries deals) {
        this.mongo = mongo;
        this.generations = generations;
        this.deals = deals;
    }

    /** Inclusive UTC dates; either end may be open. */
    public record Range(LocalDate from, LocalDate to) {

        public static final Range ALL = new Range(null, null);

        public Range {
            if (from != null && to != null && from.isAfter(to)) {
                throw InvalidRequestException.field("from", "must not be after to");
            }
        }

        public boolean unbounded() {
            return from == null && to == null;
        }

        public boolean contains(LocalDate date) {
            return date != null && (from == null || !date.isBefore(from)) && (to == null || !date.isAfter(to));
        }

        boolean covers(YearMonth month) {
            return (from == null || !from.isAfter(month.atDay(1))) && (to == null || !to.isBefore(month.atEndOfMonth()));
        }

        /** Months the range covers only in part: read day by day. */
        Set<YearMonth> partialMonths() {
            Set<YearMonth> months = new LinkedHashSet<>();
            if (from != null && !covers(YearMonth.from(from))) {
                months.add(YearMonth.from(from));
            }
            if (to != null && !covers(YearMonth.from(to))) {
                months.add(YearMonth.from(to));
            }
            return months;
        }
    }

    /**
     * What to count.
     *
     * @param teamId       positions of this team only (null: every team)
     * @param closeRange   positions whose expected close date is in it; unbounded: every position, undated ones too
     * @param period       closings (by the day they closed) and reaches (by the day the deal was created)
     * @param outcomes     whether closings and reaches are needed at all
     */
    public record Selection(String pipelineId, String teamId, Range closeRange, Range period, boolean outcomes) {
    }

    /** Figures and, if asked for, the board's card heads per owner. */
    public record View(Figures figures, Map<String, List<CardHead>> headsByOwner) {
    }

    /**
     * The figures of a pipeline from the statistics; while they are built for the first time, counted from the deals.
     *
     * @param ownerIdsOrNullForAll count only these owners' deals; null counts everyone's
     */
    public Figures figures(Selection selection, Set<String> ownerIdsOrNullForAll) {
        return read(selection, ownerIdsOrNullForAll, false).map(View::figures)
                .orElseGet(() -> count(selection, ownerIdsOrNullForAll));
    }

    /** Counts from the deals themselves: one pass over the pipeline's deals (the statistics' first build is running). */
    public Figures count(Selection selection, Set<String> ownerIdsOrNullForAll) {
        List<Deal> inPipeline = deals.all(DealFilter.pipeline(selection.pipelineId())).stream()
                .filter(deal -> ownerIdsOrNullForAll == null || ownerIdsOrNullForAll.contains(deal.ownerId())).toList();
        return count(inPipeline, selection);
    }

    /**
     * @param ownerIdsOrNullForAll count only these owners' deals; null counts everyone's
     * @return empty while the statistics are being built for the first time (callers count from the deals)
     */
    public Optional<View> read(Selection selection, Set<String> ownerIdsOrNullForAll, boolean withCards) {
        Long generation = generations.current().active();
        if (generation == null) {
            return Optional.empty();
        }
        return Optional.of(read(generation, selection, ownerIdsOrNullForAll, withCards));
    }

    View read(long generation, Selection selection, Set<String> ownerIdsOrNullForAll, boolean withCards) {
        var stats = mongo.getCollection(StatsLayout.STATS);
        Document directory = stats.find(new Document("_id", StatsLayout.ownersId(generation, selection.pipelineId()))).first();
        List<String> owners = new ArrayList<>();
        if (directory != null) {
            for (String owner : directory.getList("owners", String.class, List.of())) {
                if (ownerIdsOrNullForAll == null || ownerIdsOrNullForAll.contains(owner)) {
                    owners.add(owner);
                }
            }
        }
        Figures figures = Figures.empty();
        Map<String, List<CardHead>> heads = new TreeMap<>();
        if (owners.isEmpty()) {
            return new View(figures, heads);
        }
        Set<YearMonth> positionDays = selection.closeRange().unbounded() ? Set.of() : selection.closeRange().partialMonths();
        Set<YearMonth> outcomeDays = !selection.outcomes() || selection.period().unbounded() ? Set.of()
                : selection.period().partialMonths();
        Set<YearMonth> dayMonths = new LinkedHashSet<>(positionDays);
        dayMonths.addAll(outcomeDays);
        List<String> ids = new ArrayList<>();
        for (String owner : owners) {
            ids.add(StatsLayout.DocRef.all(generation, selection.pipelineId(), owner).id());
            dayMonths.forEach(month -> ids.add(StatsLayout.DocRef.days(generation, selection.pipelineId(), month.toString(), owner).id()));
            if (withCards) {
                ids.add(StatsLayout.DocRef.cards(generation, selection.pipelineId(), owner).id());
            }
        }
        // only the sections asked for: the board needs positions and cards, not outcomes
        List<String> fields = new ArrayList<>(List.of("ownerId", "kind", "month", StatsLayout.POS));
        if (selection.outcomes()) {
            fields.addAll(List.of(StatsLayout.CLOSED, StatsLayout.REACH));
        }
        if (withCards) {
            fields.add(CardHeads.FIELD);
        }
        for (Document doc : stats.find(Filters.in("_id", ids)).projection(Projections.include(fields))) {
            String owner = doc.getString("ownerId");
            switch (doc.getString("kind")) {
                case StatsLayout.ALL -> {
                    rows(doc, StatsLayout.POS).forEach(row -> {
                        if (teamMatches(selection, row) && (selection.closeRange().unbounded()
                                || (row.getString("m") != null && selection.closeRange().covers(YearMonth.parse(row.getString("m")))))) {
                            figures.positions().add(position(owner, row));
                        }
                    });
                    if (selection.outcomes()) {
                        rows(doc, StatsLayout.CLOSED).forEach(row -> {
                            if (selection.period().unbounded() || selection.period().covers(YearMonth.parse(row.getString("m")))) {
                                figures.closings().add(closing(owner, row));
                            }
                        });
                        rows(doc, StatsLayout.REACH).forEach(row -> {
                            if (selection.period().unbounded() || selection.period().covers(YearMonth.parse(row.getString("m")))) {
                                figures.reaches().add(reach(owner, row));
                            }
                        });
                    }
                }
                case StatsLayout.DAYS -> {
                    YearMonth month = YearMonth.parse(doc.getString("month"));
                    if (positionDays.contains(month)) {
                        rows(doc, StatsLayout.POS).forEach(row -> {
                            if (teamMatches(selection, row) && selection.closeRange().contains(LocalDate.parse(row.getString("d")))) {
                                figures.positions().add(position(owner, row));
                            }
                        });
                    }
                    if (outcomeDays.contains(month)) {
                        rows(doc, StatsLayout.CLOSED).forEach(row -> {
                            if (selection.period().contains(LocalDate.parse(row.getString("d")))) {
                                figures.closings().add(closing(owner, row));
                            }
                        });
                        rows(doc, StatsLayout.REACH).forEach(row -> {
                            if (selection.period().contains(LocalDate.parse(row.getString("d")))) {
                                figures.reaches().add(reach(owner, row));
                            }
                        });
                    }
                }
                case StatsLayout.CARDS -> heads.put(owner, CardHeads.heads(doc));
                default -> {
                    // not requested
                }
            }
        }
        return new View(figures, heads);
    }

    /** The owners to count: those visible ({@code null}: all), narrowed to one owner when a filter names one. */
    public static Set<String> narrow(Set<String> visibleOwnerIds, String ownerId) {
        if (ownerId == null) {
            return visibleOwnerIds;
        }
        return visibleOwnerIds == null || visibleOwnerIds.contains(ownerId) ? Set.of(ownerId) : Set.of();
    }

    /** The owners to count further restricted to {@code allowed} (a team's members): {@code owners} null means all. */
    public static Set<String> within(Set<String> owners, Set<String> allowed) {
        if (owners == null) {
            return allowed;
        }
        Set<String> both = new TreeSet<>(owners);
        both.retainAll(allowed);
        return both;
    }

    /** The same figures counted from deals (before the first build, and as the reference the statistics must equal). */
    public static Figures count(List<Deal> deals, Selection selection) {
        Figures figures = Figures.empty();
        for (Deal deal : deals) {
            DealFacts.of(deal).ifPresent(facts -> {
                if ((selection.teamId() == null || selection.teamId().equals(deal.teamId()))
                        && (selection.closeRange().unbounded() || selection.closeRange().contains(facts.closeDate()))) {
                    figures.positions().add(facts.position());
                }
                if (selection.outcomes()) {
                    if (facts.closing() != null
                            && (selection.period().unbounded() || selection.period().contains(facts.closedDate()))) {
                        figures.closings().add(facts.closing());
                    }
                    if (selection.period().unbounded() || selection.period().contains(facts.createdDate())) {
                        figures.reaches().add(facts.reach());
                    }
                }
            });
        }
        return figures;
    }

    private static boolean teamMatches(Selection selection, Document row) {
        return selection.teamId() == null || Objects.equals(selection.teamId(), row.getString("t"));
    }

    private static List<Document> rows(Document doc, String section) {
        Document rows = doc.get(section, Document.class);
        if (rows == null) {
            return List.of();
        }
        List<Document> result = new ArrayList<>(rows.size());
        rows.values().forEach(row -> result.add((Document) row));
        return result;
    }

    private static Position position(String owner, Document row) {
        return new Position(owner, row.getString("s"), StatsLayout.status(row.getString("st")), row.getString("t"),
                row.getString("c"), row.getString("m"), StatsLayout.number(row, "n"), StatsLayout.number(row, "a"));
    }

    private static Closing closing(String owner, Document row) {
        return new Closing(owner, StatsLayout.status(row.getString("st")), row.getString("r"), row.getString("f"),
                row.getString("fn"), row.getString("c"), StatsLayout.number(row, "n"), StatsLayout.number(row, "a"),
                StatsLayout.number(row, "y"));
    }

    private static Reach reach(String owner, Document row) {
        return new Reach(owner, row.getList("v", String.class, List.of()), Boolean.TRUE.equals(row.getBoolean("w")),
                StatsLayout.number(row, "n"));
    }
}
