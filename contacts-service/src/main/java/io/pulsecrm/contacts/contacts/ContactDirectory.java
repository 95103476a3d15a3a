package io.pulsecrm.contacts.contacts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Function;

import io.pulsecrm.contacts.companies.CompanyDirectory;
import io.pulsecrm.contacts.search.SearchKeys;
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
    private static final String SEPARATOR = "\n";

    private final MongoTemplate mongo;
    private final CompanyDirectory companies;
    private final io.pulsecrm.contacts.customfields.CustomFields customFieldRules;

    ContactDirectory(MongoTemplate mongo, CompanyDirectory companies, io.pulsecrm.contacts.customfields.CustomFields customFieldRules) {
        this.customFieldRules = customFieldRules;
        this.mongo = mongo;
        this.companies = companies;
    }

    /** Filters of the contact list; null means "any". */
    public record Filter(String q, String lifecycleStage, String ownerId, String tag, String companyId, String source,
                         java.util.Map<String, String> customFields) {

        /** From query parameters: q, lifecycleStage, ownerId, tag, companyId, source and cf.<key> for custom fields. */
        public static Filter of(java.util.Map<String, String> parameters) {
            java.util.Map<String, String> custom = new java.util.LinkedHashMap<>();
            parameters.forEach((name, value) -> {
                if (name.startsWith("cf.")) {
                    custom.put(name.substring(3), value);
                }
            });
            return new Filter(parameters.get("q"), parameters.get("lifecycleStage"), parameters.get("ownerId"),
                    parameters.get("tag"), parameters.get("companyId"), parameters.get("source"), custom);
        }

        public static Filter none() {
            return new Filter(null, null, null, null, null, null, java.util.Map.of());
        }
    }

    /** The sorts a list can have; {@code -name} is the descending one. */
    public enum SortOrder {
        CREATED_AT("createdAt", "_id", false), CREATED_AT_DESC("-createdAt", "_id", true),
        LAST_NAME("lastName", "nameKey", false), LAST_NAME_DESC("-lastName", "nameKey", true),
        UPDATED_AT("updatedAt", "updatedAt", false), UPDATED_AT_DESC("-updatedAt", "updatedAt", true);

        final String param;
        final String field;
        final boolean descending;

        SortOrder(String param, String field, boolean descending) {
            this.param = param;
            this.field = field;
            this.descending = descending;
        }

        public static SortOrder parse(String value) {
            if (value == null || value.isBlank()) {
                return CREATED_AT;
            }
            for (SortOrder order : values()) {
                if (order.param.equals(value.strip())) {
                    return order;
                }
            }
            throw InvalidRequestException.field("sort", "must be one of createdAt, -createdAt, lastName, -lastName, updatedAt, -updatedAt");
        }
    }

    public CursorPage<ContactResponse> page(int limit, String cursor) {
        return page(Filter.none(), SortOrder.CREATED_AT, limit, cursor);
    }

    public CursorPage<ContactResponse> page(Filter filter, SortOrder sort, int limit, String cursor) {
        List<Criteria> all = criteria(filter);
        if (cursor != null) {
            all.add(after(sort, cursor));
        }
        Sort.Direction direction = sort.descending ? Sort.Direction.DESC : Sort.Direction.ASC;
        Sort order = sort.field.equals("_id") ? Sort.by(direction, "_id") : Sort.by(direction, sort.field, "_id");
        Query query = Query.query(new Criteria().andOperator(all)).with(order).limit(limit + 1);
        List<Contact> contacts = mongo.find(query, Contact.class);
        CursorPage<Contact> page = CursorPage.of(contacts, limit, contact -> cursorKey(sort, contact));
        return new CursorPage<>(page.items().stream().map(ContactResponse::of).toList(), page.nextCursor());
    }

    /** Every matching contact in creation order, read through a store cursor (never all in memory). */
    public void forEach(Filter filter, java.util.function.Consumer<Contact> action) {
        Query query = Query.query(new Criteria().andOperator(criteria(filter))).with(Sort.by("_id"));
        try (var contacts = mongo.stream(query, Contact.class)) {
            contacts.forEach(action);
        }
    }

    private List<Criteria> criteria(Filter filter) {
        List<Criteria> all = new ArrayList<>();
        all.add(Criteria.where("deletedAt").isNull());
        equal(all, "lifecycleStage", filter.lifecycleStage() == null ? null : filter.lifecycleStage().strip().toLowerCase(java.util.Locale.ROOT));
        equal(all, "ownerId", filter.ownerId());
        equal(all, "tags", filter.tag() == null ? null : filter.tag().strip().toLowerCase(java.util.Locale.ROOT));
        equal(all, "companyId", filter.companyId());
        equal(all, "source", filter.source() == null ? null : filter.source().strip().toLowerCase(java.util.Locale.ROOT));
        filter.customFields().forEach((key, value) -> all.add(customFieldRules.filter("contact", key, value)));
        if (filter.q() != null && !filter.q().isBlank()) {
            String key = SearchKeys.queryKey(filter.q());
            if (key == null || key.length() > 100) {
                throw InvalidRequestException.field("q", "must be 1 to 100 characters");
            }
            String regex = SearchKeys.prefixRegex(key);
            List<String> companyIds = companies.idsMatching(regex, MAX_COMPANY_MATCHES);
            all.add(companyIds.isEmpty() ? Criteria.where("searchKeys").regex(regex)
                    : new Criteria().orOperator(Criteria.where("searchKeys").regex(regex), Criteria.where("companyId").in(companyIds)));
        }
        return all;
    }

    private static String cursorKey(SortOrder sort, Contact contact) {
        String value = switch (sort.field) {
            case "nameKey" -> contact.getNameKey();
            case "updatedAt" -> Long.toString(contact.getUpdatedAt().toEpochMilli());
            default -> "";
        };
        return sort.param + SEPARATOR + value + SEPARATOR + contact.getId();
    }

    /** The keyset condition "after the last item of the previous page" for this sort. */
    private static Criteria after(SortOrder sort, String cursor) {
        String[] parts = CursorPage.decode(cursor).split(SEPARATOR, -1);
        if (parts.length != 3 || !parts[0].equals(sort.param)) {
            throw InvalidRequestException.field("cursor", "is not a cursor returned by this API for sort " + sort.param);
        }
        String id = parts[2];
        Function<String, Criteria> beyond = field -> sort.descending ? Criteria.where(field).lt(value(sort, parts[1])) : Criteria.where(field).gt(value(sort, parts[1]));
        if (sort.field.equals("_id")) {
            return sort.descending ? Criteria.where("_id").lt(id) : Criteria.where("_id").gt(id);
        }
        return new Criteria().orOperator(beyond.apply(sort.field),
                new Criteria().andOperator(Criteria.where(sort.field).is(value(sort, parts[1])),
                        sort.descending ? Criteria.where("_id").lt(id) : Criteria.where("_id").gt(id)));
    }

    private static Object value(SortOrder sort, String raw) {
        if (sort.field.equals("updatedAt")) {
            try {
                return Date.from(Instant.ofEpochMilli(Long.parseLong(raw)));
            } catch (NumberFormatException e) {
                throw InvalidRequestException.field("cursor", "is not a cursor returned by this API");
            }
        }
        return raw;
    }

    private static void equal(List<Criteria> all, String field, String value) {
        if (value != null && !value.isBlank()) {
            all.add(Criteria.where(field).is(value.strip()));
        }
    }
}
