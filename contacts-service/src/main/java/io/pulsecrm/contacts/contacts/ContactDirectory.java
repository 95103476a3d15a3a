package io.pulsecrm.contacts.contacts;

import java.util.ArrayList;
import java.util.List;

import io.pulsecrm.contacts.companies.CompanyDirectory;
import io.pulsecrm.contacts.search.ListSort;
import io.pulsecrm.contacts.search.SearchKeys;
import io.pulsecrm.platform.security.OwnerScope;
import io.pulsecrm.platform.web.CursorPage;
import io.pulsecrm.platform.web.InvalidRequestException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Read side of the contact list: filtered, searched keyset pages. Every sort ends with {@code _id}, so the order
 * is total and the cursor (sort key and id of the last item) resumes exactly after it. Ids are time-ordered, so
 * sorting by creation is sorting by id. Values are only ever used as query values, never as paths or operators.
 */
@Component
public class ContactDirectory {

    /** How many matching companies a search term may expand to (contacts of those companies match too). */
    private static final int MAX_COMPANY_MATCHES = 200;

    private final MongoTemplate mongo;
    private final CompanyDirectory companies;
    private final io.pulsecrm.contacts.customfields.CustomFields customFieldRules;

    ContactDirectory(MongoTemplate mongo, CompanyDirectory companies, io.pulsecrm.contacts.customfields.CustomFields customFieldRules) {
        this.customFieldRules = customFieldRules;
        this.mongo = mongo;
        this.companies = companies;
    }

    /**
     * Filters of the contact list; null means "any". {@code ids} picks a selection (an export of chosen rows); it is
     * not a list parameter.
     */
    public record Filter(String q, String lifecycleStage, String ownerId, String tag, String companyId, String source,
                         java.util.Map<String, String> customFields, java.util.Set<String> ids) {

        public Filter(String q, String lifecycleStage, String ownerId, String tag, String companyId, String source,
                      java.util.Map<String, String> customFields) {
            this(q, lifecycleStage, ownerId, tag, companyId, source, customFields, null);
        }

        /** Only the contacts with these ids, among those the other filters match. */
        public static Filter selection(java.util.Set<String> ids) {
            return new Filter(null, null, null, null, null, null, java.util.Map.of(), java.util.Set.copyOf(ids));
        }

        /** From query parameters: q, lifecycleStage, ownerId, tag, companyId, source and cf.<key> for custom fields. */
        public static Filter of(java.util.Map<String, String> parameters) {
            java.util.Map<String, String> custom = io.pulsecrm.contacts.customfields.CustomFields.filterParameters(parameters);
            return new Filter(parameters.get("q"), parameters.get("lifecycleStage"), parameters.get("ownerId"),
                    parameters.get("tag"), parameters.get("companyId"), parameters.get("source"), custom);
        }

        public static Filter none() {
            return new Filter(null, null, null, null, null, null, java.util.Map.of());
        }
    }

    /** The built-in sorts; {@code -x} is the descending one. Custom fields sort too: {@code cf.<key>}, {@code -cf.<key>}. */
    static final List<ListSort> SORTS = List.of(ListSort.byId("createdAt", false), ListSort.byId("-createdAt", true),
            new ListSort("lastName", "nameKey", false, ListSort.Kind.TEXT), new ListSort("-lastName", "nameKey", true, ListSort.Kind.TEXT),
            new ListSort("updatedAt", "updatedAt", false, ListSort.Kind.INSTANT), new ListSort("-updatedAt", "updatedAt", true, ListSort.Kind.INSTANT));

    /** The sort named by a {@code sort} parameter (creation order when absent); 400 for an unknown one. */
    public ListSort sort(String param) {
        return ListSort.parse(param, SORTS, custom -> customFieldRules.sort("contact", custom));
    }

    /**
     * One page of the contacts matching the filter that {@code scope} lets the caller see: the restriction is part
     * of the query, so pages are full and cursors exact.
     */
    public CursorPage<ContactResponse> page(Filter filter, OwnerScope scope, ListSort sort, int limit, String cursor) {
        List<Criteria> all = criteria(filter, scope);
        if (cursor != null) {
            all.add(sort.after(cursor));
        }
        Query query = Query.query(new Criteria().andOperator(all)).with(sort.order()).limit(limit + 1);
        List<Contact> contacts = mongo.find(query, Contact.class);
        CursorPage<Contact> page = CursorPage.of(contacts, limit, contact -> cursorKey(sort, contact));
        return new CursorPage<>(page.items().stream().map(ContactResponse::of).toList(), page.nextCursor());
    }

    /**
     * Every matching contact {@code scope} lets the caller see, in creation order, read through a store cursor (never
     * all in memory). The scope is passed in because this may run outside the request's thread (a streamed body).
     */
    public void forEach(Filter filter, OwnerScope scope, java.util.function.Consumer<Contact> action) {
        Query query = Query.query(new Criteria().andOperator(criteria(filter, scope))).with(Sort.by("_id"));
        try (var contacts = mongo.stream(query, Contact.class)) {
            contacts.forEach(action);
        }
    }

    /** How many contacts match the filter among those {@code scope} lets the caller see (on the embedded store, a scan). */
    public long count(Filter filter, OwnerScope scope) {
        return mongo.count(Query.query(new Criteria().andOperator(criteria(filter, scope))), Contact.class);
    }

    private List<Criteria> criteria(Filter filter, OwnerScope scope) {
        List<Criteria> all = new ArrayList<>();
        all.add(Criteria.where("deletedAt").isNull());
        Criteria visible = scope.criteria("ownerId");
        if (visible != null) {
            all.add(visible);
        }
        equal(all, "lifecycleStage", filter.lifecycleStage() == null ? null : filter.lifecycleStage().strip().toLowerCase(java.util.Locale.ROOT));
        equal(all, "ownerId", filter.ownerId());
        equal(all, "tags", filter.tag() == null ? null : filter.tag().strip().toLowerCase(java.util.Locale.ROOT));
        equal(all, "companyId", filter.companyId());
        if (filter.ids() != null) {
            all.add(Criteria.where("_id").in(filter.ids()));
        }
        equal(all, "source", filter.source() == null ? null : filter.source().strip().toLowerCase(java.util.Locale.ROOT));
        filter.customFields().forEach((key, value) -> all.add(customFieldRules.filter("contact", key, value)));
        if (filter.q() != null && !filter.q().isBlank()) {
            String key = SearchKeys.queryKey(filter.q());
            if (key == null || key.length() > 100) {
                throw InvalidRequestException.field("q", "must be 1 to 100 characters");
            }
            String regex = SearchKeys.prefixRegex(key);
            // only companies the caller sees: a search must not tell what an invisible company is called
            List<String> companyIds = companies.idsMatching(regex, scope, MAX_COMPANY_MATCHES);
            all.add(companyIds.isEmpty() ? Criteria.where("searchKeys").regex(regex)
                    : new Criteria().orOperator(Criteria.where("searchKeys").regex(regex), Criteria.where("companyId").in(companyIds)));
        }
        return all;
    }

    private static String cursorKey(ListSort sort, Contact contact) {
        Object value = switch (sort.field()) {
            case "nameKey" -> contact.getNameKey();
            case "updatedAt" -> contact.getUpdatedAt();
            case "_id" -> null;
            default -> sort.customValue(contact.details().customFields());
        };
        return sort.cursor(contact.getId(), value);
    }

    private static void equal(List<Criteria> all, String field, String value) {
        if (value != null && !value.isBlank()) {
            all.add(Criteria.where(field).is(value.strip()));
        }
    }
}
