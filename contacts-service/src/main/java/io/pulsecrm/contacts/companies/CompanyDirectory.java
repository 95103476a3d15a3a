package io.pulsecrm.contacts.companies;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.pulsecrm.contacts.customfields.CustomFields;
import io.pulsecrm.contacts.search.ListSort;
import io.pulsecrm.contacts.search.SearchKeys;
import io.pulsecrm.platform.security.OwnerScope;
import io.pulsecrm.platform.web.CursorPage;
import io.pulsecrm.platform.web.InvalidRequestException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Read side of companies: keyset pages (creation order, name, last update or a custom field), prefix search on name
 * and domain, filters on the owner and on custom fields ({@code cf.<key>=}).
 */
@Component
public class CompanyDirectory {

    /** The built-in sorts; {@code -x} is the descending one. Custom fields sort too: {@code cf.<key>}, {@code -cf.<key>}. */
    static final List<ListSort> SORTS = List.of(ListSort.byId("createdAt", false), ListSort.byId("-createdAt", true),
            new ListSort("name", "nameKey", false, ListSort.Kind.TEXT), new ListSort("-name", "nameKey", true, ListSort.Kind.TEXT),
            new ListSort("updatedAt", "updatedAt", false, ListSort.Kind.INSTANT), new ListSort("-updatedAt", "updatedAt", true, ListSort.Kind.INSTANT));

    private final MongoTemplate mongo;
    private final CustomFields customFields;

    CompanyDirectory(MongoTemplate mongo, CustomFields customFields) {
        this.mongo = mongo;
        this.customFields = customFields;
    }

    /** Most ids one list request may name ({@code ids=}). */
    static final int MAX_IDS = 200;

    /**
     * Filters of the company list; null means "any". {@code ids}: only these companies (e.g. the names of the companies
     * of a page of contacts, in one request).
     */
    public record Filter(String q, String ownerId, Map<String, String> customFields, List<String> ids) {

        /** From query parameters: q, ownerId, ids (comma-separated) and cf.<key> for custom fields. */
        public static Filter of(Map<String, String> parameters) {
            return new Filter(parameters.get("q"), parameters.get("ownerId"), CustomFields.filterParameters(parameters),
                    ids(parameters.get("ids")));
        }

        private static List<String> ids(String parameter) {
            if (parameter == null) {
                return null;
            }
            List<String> ids = java.util.Arrays.stream(parameter.split(",")).map(String::strip).filter(id -> !id.isEmpty())
                    .distinct().toList();
            if (ids.isEmpty() || ids.size() > MAX_IDS) {
                throw InvalidRequestException.field("ids", "must name 1 to " + MAX_IDS + " comma-separated company ids");
            }
            return ids;
        }
    }

    /** The sort named by a {@code sort} parameter (creation order when absent); 400 for an unknown one. */
    public ListSort sort(String param) {
        return ListSort.parse(param, SORTS, custom -> customFields.sort("company", custom));
    }

    /** One page of the companies {@code scope} lets the caller see (restricted inside the query). */
    public CursorPage<CompanyResponse> page(Filter filter, OwnerScope scope, ListSort sort, int limit, String cursor) {
        List<Criteria> all = new ArrayList<>();
        all.add(Criteria.where("deletedAt").isNull());
        Criteria visible = scope.criteria("ownerId");
        if (visible != null) {
            all.add(visible);
        }
        if (filter.q() != null && !filter.q().isBlank()) {
            String key = SearchKeys.normalize(filter.q());
            if (key == null || key.length() > 100) {
                throw InvalidRequestException.field("q", "must be 1 to 100 characters");
            }
            all.add(Criteria.where("searchKeys").regex(SearchKeys.prefixRegex(key)));
        }
        if (filter.ownerId() != null && !filter.ownerId().isBlank()) {
            all.add(Criteria.where("ownerId").is(filter.ownerId().strip()));
        }
        if (filter.ids() != null) {
            all.add(Criteria.where("_id").in(filter.ids()));
        }
        filter.customFields().forEach((key, value) -> all.add(customFields.filter("company", key, value)));
        if (cursor != null) {
            all.add(sort.after(cursor));
        }
        Query query = Query.query(new Criteria().andOperator(all)).with(sort.order()).limit(limit + 1);
        CursorPage<Company> page = CursorPage.of(mongo.find(query, Company.class), limit, company -> cursorKey(sort, company));
        return new CursorPage<>(page.items().stream().map(CompanyResponse::of).toList(), page.nextCursor());
    }

    private static String cursorKey(ListSort sort, Company company) {
        Object value = switch (sort.field()) {
            case "nameKey" -> company.getNameKey();
            case "updatedAt" -> company.getUpdatedAt();
            case "_id" -> null;
            default -> sort.customValue(company.details().customFields());
        };
        return sort.cursor(company.getId(), value);
    }

    /** Ids of live companies {@code scope} sees with a search key matching the anchored regex (at most {@code max}). */
    public List<String> idsMatching(String regex, OwnerScope scope, int max) {
        Query query = Query.query(scope.restrict(Criteria.where("deletedAt").isNull().and("searchKeys").regex(regex), "ownerId"))
                .limit(max);
        query.fields().include("_id");
        return mongo.find(query, org.bson.Document.class, Company.COLLECTION).stream().map(d -> d.getString("_id")).toList();
    }

    /** Live companies with this (normalised) domain. */
    public List<Company> withDomain(String domain) {
        return mongo.find(Query.query(Criteria.where("deletedAt").isNull().and("domain").is(domain)).limit(20), Company.class);
    }

    /**
     * Live companies named {@code name}, case-insensitively (at most 20, whoever owns them): found by the folded name
     * the list sorts by (index {@code name_sort}), then compared exactly but for case.
     */
    public List<Company> withName(String name) {
        String key = SearchKeys.normalize(name);
        if (key == null) {
            return List.of();
        }
        return mongo.find(Query.query(Criteria.where("deletedAt").isNull().and("nameKey").is(key)).limit(20), Company.class)
                .stream().filter(company -> name.strip().equalsIgnoreCase(company.details().name().strip())).toList();
    }
}
