package io.pulsecrm.deals.deals;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.pulsecrm.deals.contacts.CompanyNames;
import io.pulsecrm.deals.contacts.ContactNames;
import io.pulsecrm.deals.pipelines.Pipeline;
import io.pulsecrm.deals.pipelines.PipelineUsage;
import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.search.SearchText;
import io.pulsecrm.platform.security.OwnerScope;
import io.pulsecrm.platform.web.CursorPage;
import io.pulsecrm.platform.web.InvalidRequestException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/** Read side of deals: filtered, sorted keyset pages. */
@Component
public class DealQueries implements PipelineUsage {

    /** Sort keys clients may use, mapped to stored fields; ties are broken by id (time-ordered). */
    private static final Map<String, String> SORTS = Map.of(
            "createdAt", "_id", "amount", "amountMinor", "expectedCloseDate", "expectedCloseDate");

    private final MongoTemplate mongo;
    private final AggregateStore store;
    private final ContactNames contactNames;
    private final CompanyNames companyNames;

    DealQueries(MongoTemplate mongo, AggregateStore store, ContactNames contactNames, CompanyNames companyNames) {
        this.mongo = mongo;
        this.store = store;
        this.contactNames = contactNames;
        this.companyNames = companyNames;
    }

    @Override
    public long dealsInPipeline(String pipelineId) {
        return mongo.count(Query.query(DealFilter.pipeline(pipelineId).criteria()), Deal.class);
    }

    public List<Deal> all(DealFilter filter) {
        return mongo.find(Query.query(filter.criteria()), Deal.class);
    }

    public List<Deal> inStage(String pipelineId, String stageId, int limit) {
        return mongo.find(Query.query(DealFilter.pipeline(pipelineId).withStage(stageId).criteria())
                .with(Sort.by("_id")).limit(limit), Deal.class);
    }

    /** Longest search term, in characters (a title has at most 200). */
    static final int MAX_QUERY = 100;

    public CursorPage<DealResponse> page(DealFilter filter, OwnerScope scope, String sort, int limit, String cursor) {
        return page(filter, null, scope, sort, limit, cursor);
    }

    /**
     * @param q     a case- and accent-insensitive prefix of any word of the title (several words: in order), or null
     * @param scope whose deals the caller sees: the restriction is part of the query, so pages stay full
     * @param sort  a key of {@link #SORTS}, prefixed with {@code -} for descending
     */
    public CursorPage<DealResponse> page(DealFilter filter, String q, OwnerScope scope, String sort, int limit,
                                         String cursor) {
        boolean descending = sort.startsWith("-");
        String key = descending ? sort.substring(1) : sort;
        String field = SORTS.get(key);
        if (field == null) {
            throw InvalidRequestException.field("sort", "must be one of " + SORTS.keySet() + ", optionally prefixed with -");
        }
        Criteria criteria = scope.restrict(filter.criteria(), "ownerId");
        if (q != null && !q.isBlank()) {
            criteria = new Criteria().andOperator(criteria, titleMatches(q));
        }
        if (cursor != null) {
            criteria = new Criteria().andOperator(criteria, after(decode(cursor, key), field, descending));
        }
        Sort.Direction direction = descending ? Sort.Direction.DESC : Sort.Direction.ASC;
        Sort order = field.equals("_id") ? Sort.by(direction, "_id") : Sort.by(direction, field).and(Sort.by(direction, "_id"));
        List<Deal> deals = mongo.find(Query.query(criteria).with(order).limit(limit + 1), Deal.class);
        List<DealResponse> items = responses(deals);
        Map<String, Deal> byId = deals.stream().collect(Collectors.toMap(Deal::getId, Function.identity()));
        return CursorPage.of(items, limit, item -> encode(key, sortValue(byId.get(item.id()), field), item.id()));
    }

    /**
     * Deals by id (an {@code _id} lookup, cheap on any store) to show as cards: read-only views without the stage
     * history and pending events, which can be long and which a card does not show, so never to be saved. Missing ids
     * are left out.
     */
    public List<Deal> cardsByIds(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Query query = Query.query(Criteria.where("_id").in(ids));
        query.fields().exclude("stageHistory", "outbox");
        return mongo.find(query, Deal.class);
    }

    /** The cursor of the list sorted by {@code createdAt} that continues after this deal. */
    public static String createdAtCursorAfter(String dealId) {
        return CursorPage.encode(encode("createdAt", null, dealId));
    }

    /** The API view of one deal. */
    public DealResponse response(Deal deal, Pipeline pipeline) {
        return responses(List.of(deal), pipeline).getFirst();
    }

    /** API views of the deals, in the same order, with contact and company names looked up once for all of them. */
    public List<DealResponse> responses(Collection<Deal> deals) {
        return responses(deals, null);
    }

    /** @param known a pipeline the caller already read (the deals' pipelines are read otherwise) */
    public List<DealResponse> responses(Collection<Deal> deals, Pipeline known) {
        Map<String, Pipeline> pipelines = new java.util.HashMap<>();
        if (known != null) {
            pipelines.put(known.getId(), known);
        }
        var names = contactNames.lookup(deals.stream().flatMap(d -> d.contacts().stream())
                .map(DealContact::contactId).distinct().toList());
        var companies = companyNames.lookup(deals.stream().map(Deal::companyId).filter(java.util.Objects::nonNull)
                .distinct().toList());
        return deals.stream().map(deal -> DealResponse.of(deal,
                pipelines.computeIfAbsent(deal.pipelineId(), id -> store.get(Pipeline.class, id)), names, companies)).toList();
    }

    /** Titles with a word starting with {@code q} (folded like the stored keys; an anchored regex, served by an index). */
    private static Criteria titleMatches(String q) {
        String key = SearchText.fold(q);
        if (key == null || key.length() > MAX_QUERY) {
            throw InvalidRequestException.field("q", "must be 1 to " + MAX_QUERY + " characters");
        }
        return Criteria.where("titleKeys").regex(SearchText.prefixRegex(key));
    }

    private static Object sortValue(Deal deal, String field) {
        return switch (field) {
            case "amountMinor" -> deal.amountMinor();
            case "expectedCloseDate" -> deal.expectedCloseDate() == null ? null : deal.expectedCloseDate().toString();
            default -> null;
        };
    }

    private record Position(Object value, String id) {
    }

    /**
     * Keyset condition for "after this item" in (field, _id) order. The store sorts missing values first when
     * ascending (last when descending), so a null sort value needs its own branch.
     */
    private static Criteria after(Position position, String field, boolean descending) {
        if (field.equals("_id")) {
            return descending ? Criteria.where("_id").lt(position.id()) : Criteria.where("_id").gt(position.id());
        }
        Object value = position.value();
        if (!descending) {
            if (value == null) {
                return new Criteria().orOperator(
                        new Criteria().andOperator(Criteria.where(field).is(null), Criteria.where("_id").gt(position.id())),
                        Criteria.where(field).ne(null));
            }
            return new Criteria().orOperator(Criteria.where(field).gt(value),
                    new Criteria().andOperator(Criteria.where(field).is(value), Criteria.where("_id").gt(position.id())));
        }
        if (value == null) {
            return new Criteria().andOperator(Criteria.where(field).is(null), Criteria.where("_id").lt(position.id()));
        }
        return new Criteria().orOperator(Criteria.where(field).lt(value),
                new Criteria().andOperator(Criteria.where(field).is(value), Criteria.where("_id").lt(position.id())),
                Criteria.where(field).is(null));
    }

    private static String encode(String key, Object value, String id) {
        String text = value == null ? "n" : (value instanceof Long ? "l" : "s") + value;
        return key + "|" + text + "|" + id; // CursorPage.of makes it opaque
    }

    private static Position decode(String cursor, String key) {
        String[] parts = CursorPage.decode(cursor).split("\\|", 3);
        if (parts.length != 3 || !parts[0].equals(key) || parts[1].isEmpty()) {
            throw InvalidRequestException.field("cursor", "does not belong to this list and sort");
        }
        try {
            Object value = switch (parts[1].charAt(0)) {
                case 'n' -> null;
                case 'l' -> Long.parseLong(parts[1].substring(1));
                case 's' -> parts[1].substring(1);
                default -> throw new IllegalArgumentException();
            };
            return new Position(value, parts[2]);
        } catch (IllegalArgumentException e) {
            throw InvalidRequestException.field("cursor", "is not a cursor returned by this API");
        }
    }
}
