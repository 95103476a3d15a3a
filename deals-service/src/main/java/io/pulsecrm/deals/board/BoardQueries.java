package io.pulsecrm.deals.board;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.pulsecrm.deals.deals.Deal;
import io.pulsecrm.deals.deals.DealFilter;
import io.pulsecrm.deals.deals.DealQueries;
import io.pulsecrm.deals.deals.DealResponse;
import io.pulsecrm.deals.deals.Money;
import io.pulsecrm.deals.pipelines.Pipeline;
import io.pulsecrm.deals.pipelines.Stage;
import io.pulsecrm.deals.pipelines.StageKind;
import io.pulsecrm.deals.stats.CardHead;
import io.pulsecrm.deals.stats.DealFacts;
import io.pulsecrm.deals.stats.DealStatsQueries;
import io.pulsecrm.deals.stats.DealStatsQueries.Range;
import io.pulsecrm.deals.stats.DealStatsQueries.Selection;
import io.pulsecrm.deals.stats.Figures;
import io.pulsecrm.platform.security.OwnerScope;
import io.pulsecrm.platform.web.CursorPage;
import org.springframework.stereotype.Component;

/**
 * The pipeline board. Column totals are sums over the statistics (a few documents per owner, however many deals
 * there are). The first page of cards of each column is chosen from the statistics' card heads (each owner's first
 * deals per stage) and read by id; when the heads cannot tell (a filter leaves too few of their cards, or one lags
 * behind a change) the column's page is the deal list's keyset query. Further cards come from
 * {@code GET /api/deals?pipelineId=&stageId=&cursor=} with the same filters.
 */
@Component
public class BoardQueries {

    private final DealStatsQueries stats;
    private final DealQueries deals;

    BoardQueries(DealStatsQueries stats, DealQueries deals) {
        this.stats = stats;
        this.deals = deals;
    }

    public record BoardColumn(String stageId, String name, StageKind kind, int probability, long count,
                              Map<String, BigDecimal> amount, List<DealResponse> cards, String nextCursor) {
    }

    public record Board(String pipelineId, String name, List<BoardColumn> stages) {
    }

    private record Totals(long count, Map<String, BigDecimal> amount) {
    }

    /**
     * @param visibleOwnerIds owners whose deals the caller may see; null for all
     */
    public Board board(Pipeline pipeline, DealFilter filter, int cards, Set<String> visibleOwnerIds) {
        Set<String> owners = DealStatsQueries.narrow(visibleOwnerIds, filter.ownerId());
        OwnerScope scope = visibleOwnerIds == null ? OwnerScope.all() : OwnerScope.of(visibleOwnerIds);
        Selection selection = new Selection(pipeline.getId(), filter.teamId(), new Range(filter.closeFrom(), filter.closeTo()),
                Range.ALL, false);
        Optional<DealStatsQueries.View> view = stats.read(selection, owners, true);
        // while the statistics are built for the first time, count from the deals
        Figures figures = view.map(DealStatsQueries.View::figures).orElseGet(() -> stats.count(selection, owners));
        Map<String, Totals> totals = totals(figures);

        // first pages from the card heads, all columns' deals read in one query
        Map<String, List<String>> chosen = new LinkedHashMap<>();
        if (view.isPresent()) {
            for (Stage stage : pipeline.stages()) {
                firstIds(view.get().headsByOwner().values(), stage.id(), filter, cards).ifPresent(ids -> chosen.put(stage.id(), ids));
            }
        }
        Map<String, Deal> read = deals.cardsByIds(chosen.values().stream().flatMap(List::stream).toList()).stream()
                .collect(Collectors.toMap(Deal::getId, Function.identity()));
        Map<String, List<Deal>> pages = new LinkedHashMap<>();
        chosen.forEach((stageId, ids) -> {
            List<Deal> page = ids.stream().map(read::get).toList();
            if (page.stream().allMatch(deal -> shows(deal, pipeline.getId(), stageId, filter, owners))) {
                pages.put(stageId, page);
            }
        });
        Map<String, DealResponse> responses = new HashMap<>();
        List<Deal> shown = pages.values().stream().flatMap(page -> page.stream().limit(cards)).toList();
        List<DealResponse> views = deals.responses(shown, pipeline);
        for (int i = 0; i < shown.size(); i++) {
            responses.put(shown.get(i).getId(), views.get(i));
        }

        List<BoardColumn> columns = new ArrayList<>();
        for (Stage stage : pipeline.stages()) {
            Totals total = totals.getOrDefault(stage.id(), new Totals(0, new TreeMap<>()));
            CursorPage<DealResponse> page;
            List<Deal> fromHeads = pages.get(stage.id());
            if (fromHeads != null) {
                List<DealResponse> items = fromHeads.stream().limit(cards).map(deal -> responses.get(deal.getId())).toList();
                page = new CursorPage<>(items, fromHeads.size() > cards
                        ? DealQueries.createdAtCursorAfter(fromHeads.get(cards - 1).getId()) : null);
            } else {
                page = deals.page(filter.withStage(stage.id()), scope, "createdAt", cards, null);
            }
            columns.add(new BoardColumn(stage.id(), stage.name(), stage.kind(), stage.probability(), total.count(),
                    total.amount(), page.items(), page.nextCursor()));
        }
        return new Board(pipeline.getId(), pipeline.name(), columns);
    }

    private static Map<String, Totals> totals(Figures figures) {
        Map<String, Long> counts = new HashMap<>();
        Map<String, Map<String, BigDecimal>> amounts = new HashMap<>();
        for (Figures.Position position : figures.positions()) {
            counts.merge(position.stageId(), position.deals(), Long::sum);
            Map<String, BigDecimal> amount = amounts.computeIfAbsent(position.stageId(), s -> new TreeMap<>());
            if (position.currency() != null) {
                amount.merge(position.currency(), Money.fromMinor(position.amountMinor(), position.currency()), BigDecimal::add);
            }
        }
        Map<String, Totals> totals = new HashMap<>();
        counts.forEach((stage, count) -> totals.put(stage, new Totals(count, amounts.get(stage))));
        return totals;
    }

    /**
     * The ids of the stage's first {@code cards + 1} matching deals, if the heads know them: every owner's head holds
     * all of that owner's deals up to its bound, so below the smallest bound the merged heads are complete.
     */
    private static Optional<List<String>> firstIds(Collection<List<CardHead>> heads, String stageId, DealFilter filter,
                                                   int cards) {
        String bound = null;
        List<DealFacts.Card> candidates = new ArrayList<>();
        for (List<CardHead> ownerHeads : heads) {
            for (CardHead head : ownerHeads) {
                if (head.stageId().equals(stageId)) {
                    candidates.addAll(head.cards());
                    if (head.upTo() != null && (bound == null || head.upTo().compareTo(bound) < 0)) {
                        bound = head.upTo();
                    }
                }
            }
        }
        String upTo = bound;
        List<String> ids = candidates.stream()
                .filter(card -> upTo == null || card.dealId().compareTo(upTo) <= 0)
                .filter(card -> filter.teamId() == null || filter.teamId().equals(card.teamId()))
                .filter(card -> inRange(card.closeDate(), filter))
                .map(DealFacts.Card::dealId).distinct().sorted().toList();
        if (ids.size() > cards) {
            return Optional.of(ids.subList(0, cards + 1));
        }
        return upTo == null ? Optional.of(ids) : Optional.empty();
    }

    /** Whether a deal picked from the heads still belongs in the column (heads follow changes a moment later). */
    private static boolean shows(Deal deal, String pipelineId, String stageId, DealFilter filter, Set<String> owners) {
        return deal != null && !deal.isDeleted() && pipelineId.equals(deal.pipelineId()) && stageId.equals(deal.stageId())
                && (owners == null || owners.contains(deal.ownerId()))
                && (filter.teamId() == null || filter.teamId().equals(deal.teamId()))
                && inRange(deal.expectedCloseDate() == null ? null : deal.expectedCloseDate().toString(), filter)
                && Objects.equals(filter.ownerId() == null ? deal.ownerId() : filter.ownerId(), deal.ownerId());
    }

    /** ISO dates ({@code 2027-01-31}) compare as text, as the deal list compares them. */
    private static boolean inRange(String close, DealFilter filter) {
        if (filter.closeFrom() == null && filter.closeTo() == null) {
            return true;
        }
        return close != null && (filter.closeFrom() == null || close.compareTo(filter.closeFrom().toString()) >= 0)
                && (filter.closeTo() == null || close.compareTo(filter.closeTo().toString()) <= 0);
    }
}
