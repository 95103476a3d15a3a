package io.pulsecrm.contacts.timeline;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import io.pulsecrm.contacts.access.HistoryPage;
import io.pulsecrm.contacts.access.RecordAccess;
import io.pulsecrm.contacts.companies.Company;
import io.pulsecrm.contacts.contacts.Contact;
import io.pulsecrm.contacts.contacts.VisibleContacts;
import io.pulsecrm.platform.aggregate.AggregateNotFoundException;
import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.history.RecordHistory;
import io.pulsecrm.platform.security.CurrentCaller;
import io.pulsecrm.platform.web.CursorPage;
import io.pulsecrm.platform.web.InvalidRequestException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Timelines, newest first in keyset pages: {@code /api/contacts/{id}/timeline} (also showing the entries of
 * contacts merged into it) and {@code /api/companies/{id}/timeline}. Activities are logged with a POST on the
 * contact's timeline. A timeline is visible exactly when its contact or company is (else 404); an entry's history is
 * at {@code /api/contacts/{id}/timeline/{entryId}/history}.
 */
@RestController
@Validated
class TimelineController {

    private static final String SEPARATOR = "\n";

    private final AggregateStore store;
    private final VisibleContacts contacts;
    private final MongoTemplate mongo;
    private final RecordAccess access;
    private final RecordHistory history;
    private final Clock clock;

    TimelineController(AggregateStore store, VisibleContacts contacts, MongoTemplate mongo, RecordAccess access,
                       RecordHistory history, Clock clock) {
        this.store = store;
        this.contacts = contacts;
        this.mongo = mongo;
        this.access = access;
        this.history = history;
        this.clock = clock;
    }

    private Contact visibleContact(String id) {
        return contacts.get(id);
    }

    @PostMapping(path = "/api/contacts/{id}/timeline", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TimelineEvents.ActivityView> log(@PathVariable String id, @RequestBody ActivityInput input) {
        Contact contact = visibleContact(id);
        ActivityInput clean = input.normalize(clock);
        TimelineEntry entry = store.save(TimelineEntry.logged(clean, id, contact.details().companyId(),
                CurrentCaller.get().id(), clock.instant()));
        return ResponseEntity.created(URI.create("/api/contacts/" + id + "/timeline/" + entry.getId())).body(entry.view());
    }

    @GetMapping(path = "/api/contacts/{id}/timeline", produces = MediaType.APPLICATION_JSON_VALUE)
    CursorPage<TimelineEvents.ActivityView> contactTimeline(@PathVariable String id,
                                                            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit,
                                                            @RequestParam(required = false) String cursor) {
        visibleContact(id);
        return page(Criteria.where("contactIds").in(timelineContactIds(id)), limit, cursor);
    }

    /** The history of one entry of a visible contact's timeline (who logged it, when, with what). */
    @GetMapping(path = "/api/contacts/{id}/timeline/{entryId}/history", produces = MediaType.APPLICATION_JSON_VALUE)
    HistoryPage entryHistory(@PathVariable String id, @PathVariable String entryId,
                             @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        visibleContact(id);
        Query onTimeline = Query.query(new Criteria().andOperator(Criteria.where("_id").is(entryId),
                Criteria.where("contactIds").in(timelineContactIds(id)), Criteria.where("deletedAt").isNull()));
        if (!mongo.exists(onTimeline, TimelineEntry.class)) {
            throw new AggregateNotFoundException("activity", entryId);
        }
        return new HistoryPage(history.of(TimelineEntry.class, entryId, limit));
    }

    /** The contact and the contacts merged into it: the survivor's timeline shows their entries too. */
    private List<String> timelineContactIds(String id) {
        Query mergedQuery = Query.query(Criteria.where("mergedInto").is(id)).limit(100);
        mergedQuery.fields().include("_id");
        List<String> ids = new ArrayList<>();
        ids.add(id);
        mongo.find(mergedQuery, org.bson.Document.class, Contact.COLLECTION).forEach(d -> ids.add(d.getString("_id")));
        return ids;
    }

    @GetMapping(path = "/api/companies/{id}/timeline", produces = MediaType.APPLICATION_JSON_VALUE)
    CursorPage<TimelineEvents.ActivityView> companyTimeline(@PathVariable String id,
                                                            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit,
                                                            @RequestParam(required = false) String cursor) {
        Company company = store.get(Company.class, id);
        access.requireVisible(company.getOwnerId(), "company", id);
        return page(Criteria.where("companyIds").is(id), limit, cursor);
    }

    private CursorPage<TimelineEvents.ActivityView> page(Criteria of, int limit, String cursor) {
        List<Criteria> all = new ArrayList<>(List.of(of, Criteria.where("deletedAt").isNull()));
        if (cursor != null) {
            String[] parts = CursorPage.decode(cursor).split(SEPARATOR, -1);
            Date at;
            try {
                at = parts.length == 2 ? Date.from(Instant.ofEpochMilli(Long.parseLong(parts[0]))) : null;
            } catch (NumberFormatException e) {
                at = null;
            }
            if (at == null) {
                throw InvalidRequestException.field("cursor", "is not a cursor returned by this API");
            }
            all.add(new Criteria().orOperator(Criteria.where("occurredAt").lt(at),
                    new Criteria().andOperator(Criteria.where("occurredAt").is(at), Criteria.where("_id").lt(parts[1]))));
        }
        Query query = Query.query(new Criteria().andOperator(all))
                .with(Sort.by(Sort.Direction.DESC, "occurredAt", "_id")).limit(limit + 1);
        List<TimelineEntry> entries = mongo.find(query, TimelineEntry.class);
        CursorPage<TimelineEntry> page = CursorPage.of(entries, limit,
                e -> e.getOccurredAt().toEpochMilli() + SEPARATOR + e.getId());
        return new CursorPage<>(page.items().stream().map(TimelineEntry::view).toList(), page.nextCursor());
    }
}
