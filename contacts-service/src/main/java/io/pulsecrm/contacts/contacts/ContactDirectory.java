package io.pulsecrm.contacts.contacts;

import io.pulsecrm.platform.web.CursorPage;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/** Read side of the contact list: keyset pages in creation order (ids are time-ordered). */
@Component
class ContactDirectory {

    private final MongoTemplate mongo;

    ContactDirectory(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    CursorPage<ContactResponse> page(int limit, String cursor) {
        Criteria live = Criteria.where("deletedAt").isNull();
        if (cursor != null) {
            live = live.and("_id").gt(CursorPage.decode(cursor));
        }
        Query query = Query.query(live).with(Sort.by("_id")).limit(limit + 1);
        var contacts = mongo.find(query, Contact.class).stream().map(ContactResponse::of).toList();
        return CursorPage.of(contacts, limit, ContactResponse::id);
    }
}
