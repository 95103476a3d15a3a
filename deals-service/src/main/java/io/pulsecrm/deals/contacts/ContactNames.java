package io.pulsecrm.deals.contacts;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.client.model.Filters;

/** Looks up contact names in the read model; unknown, deleted, merged or erased contacts are simply absent. */
@Component
public class ContactNames {

    public static final String COLLECTION = "contact_names";

    private final MongoTemplate mongo;

    ContactNames(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public Map<String, ContactName> lookup(Collection<String> contactIds) {
        Map<String, ContactName> names = new HashMap<>();
        if (contactIds.isEmpty()) {
            return names;
        }
        for (Document row : mongo.getCollection(COLLECTION).find(Filters.and(Filters.in("_id", contactIds),
                Filters.ne("deleted", true), Filters.ne("erased", true)))) {
            String id = row.getString("_id");
            names.put(id, new ContactName(id, row.getString("firstName"), row.getString("lastName"), row.getString("email")));
        }
        return names;
    }
}
