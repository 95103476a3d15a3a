package io.pulsecrm.contacts.companies;

import java.util.ArrayList;
import java.util.List;

import io.pulsecrm.contacts.search.SearchKeys;
import io.pulsecrm.platform.web.CursorPage;
import io.pulsecrm.platform.web.InvalidRequestException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/** Read side of companies: keyset pages in creation order, prefix search on name and domain. */
@Component
public class CompanyDirectory {

    private final MongoTemplate mongo;

    CompanyDirectory(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public CursorPage<CompanyResponse> page(String q, String ownerId, int limit, String cursor) {
        List<Criteria> all = new ArrayList<>();
        all.add(Criteria.where("deletedAt").isNull());
        if (q != null && !q.isBlank()) {
            String key = SearchKeys.normalize(q);
            if (key == null || key.length() > 100) {
                throw InvalidRequestException.field("q", "must be 1 to 100 characters");
            }
            all.add(Criteria.where("searchKeys").regex(SearchKeys.prefixRegex(key)));
        }
        if (ownerId != null && !ownerId.isBlank()) {
            all.add(Criteria.where("ownerId").is(ownerId.strip()));
        }
        if (cursor != null) {
            all.add(Criteria.where("_id").gt(CursorPage.decode(cursor)));
        }
        Query query = Query.query(new Criteria().andOperator(all)).with(Sort.by("_id")).limit(limit + 1);
        var companies = mongo.find(query, Company.class).stream().map(CompanyResponse::of).toList();
        return CursorPage.of(companies, limit, CompanyResponse::id);
    }

    /** Ids of live companies with a search key matching the anchored regex (at most {@code max}). */
    public List<String> idsMatching(String regex, int max) {
        Query query = Query.query(Criteria.where("deletedAt").isNull().and("searchKeys").regex(regex)).limit(max);
        query.fields().include("_id");
        return mongo.find(query, org.bson.Document.class, Company.COLLECTION).stream().map(d -> d.getString("_id")).toList();
    }

    /** Live companies with this (normalised) domain. */
    public List<Company> withDomain(String domain) {
        return mongo.find(Query.query(Criteria.where("deletedAt").isNull().and("domain").is(domain)).limit(20), Company.class);
    }
}
