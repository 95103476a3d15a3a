package io.pulsecrm.deals.contacts;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.client.model.Filters;

/** Looks up company names in the read model kept from contacts-service's events; unknown or deleted companies are absent. */
@Component
public class CompanyNames {

    public static final String COLLECTION = "company_names";

    private final MongoTemplate mongo;

    CompanyNames(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public Map<String, String> lookup(Collection<String> companyIds) {
        Map<String, String> names = new HashMap<>();
        if (companyIds.isEmpty()) {
            return names;
        }
        for (Document row : mongo.getCollection(COLLECTION).find(Filters.and(Filters.in("_id", companyIds),
                Filters.ne("deleted", true)))) {
            names.put(row.getString("_id"), row.getString("name"));
        }
        return names;
    }
}
