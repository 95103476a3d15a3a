package io.pulsecrm.contacts.contacts;

import java.net.URI;
import java.time.Clock;

import io.pulsecrm.contacts.access.HistoryPage;
import io.pulsecrm.contacts.access.RecordAccess;
import io.pulsecrm.contacts.duplicates.DuplicateDetector;
import io.pulsecrm.contacts.duplicates.KeyReservation;
import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.events.Ids;
import io.pulsecrm.platform.history.RecordHistory;
import io.pulsecrm.platform.web.CursorPage;
import io.pulsecrm.platform.web.IfMatch;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/contacts}: HTTP in, domain calls, HTTP out. Rules live in {@link Contact} and {@link ContactNormalizer};
 * who sees and changes what in {@link RecordAccess}: a contact the caller may not see is a 404 everywhere.
 */
@RestController
@Validated
@RequestMapping(path = "/api/contacts", produces = MediaType.APPLICATION_JSON_VALUE)
class ContactController {

    private static final String MERGE_PATCH_JSON = "application/merge-patch+json";

    private final AggregateStore store;
    private final VisibleContacts contacts;
    private final ContactNormalizer normalizer;
    private final ContactDirectory directory;
    private final DuplicateDetector duplicates;
    private final RecordAccess access;
    private final RecordHistory history;
    private final ContactEditing editing;
    private final JsonMapper json;
    private final Clock clock;

    ContactController(AggregateStore store, VisibleContacts contacts, ContactNormalizer normalizer,
                      ContactDirectory directory, DuplicateDetector duplicates, RecordAccess access, RecordHistory history,
                      ContactEditing editing, JsonMapper json, Clock clock) {
        this.store = store;
        this.contacts = contacts;
        this.normalizer = normalizer;
        this.directory = directory;
        this.duplicates = duplicates;
        this.access = access;
        this.history = history;
        this.editing = editing;
        this.json = json;
        this.clock = clock;
    }

    /**
     * The live contact, if the caller may see it; otherwise 404 as if it did not exist (naming the survivor when it
     * was merged into a contact the caller sees).
     */
    private Contact visible(String id) {
        return contacts.get(id);
    }

    /**
     * 409 with the candidates when a contact with the same email or phone exists, unless allowDuplicate; the emails
     * and phones are claimed before the contact is stored, so of concurrent creates of the same person one wins.
     */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ContactResponse> create(@RequestBody ContactRequest request,
                                           @RequestParam(defaultValue = "false") boolean allowDuplicate) {
        ContactDetails raw = request.toDetails();
        if (raw.source() == null) {
            raw = ContactDetailsCopy.withSource(raw, "api");
        }
        ContactDetails details = normalizer.normalize(raw);
        // without an owner, the creator owns it; giving it to someone else follows the reassignment rules
        details = ContactDetailsCopy.withOwner(details, access.ownerOfNew(details.ownerId(), "ownerId"));
        String id = Ids.newId();
        try (KeyReservation keys = duplicates.reserveContact(id, details, null, access.scope(), allowDuplicate)) {
            Contact contact = store.save(Contact.create(id, details, clock.instant()));
            keys.commit();
            return ResponseEntity.created(URI.create("/api/contacts/" + contact.getId()))
                    .eTag(IfMatch.etag(contact.getVersion()))
                    .body(ContactResponse.of(contact));
        }
    }

    @GetMapping("/{id}")
    ResponseEntity<ContactResponse> get(@PathVariable String id) {
        Contact contact = visible(id);
        return ResponseEntity.ok().eTag(IfMatch.etag(contact.getVersion())).body(ContactResponse.of(contact));
    }

    /** Prefix search ({@code q}) over names, emails, phones and company names, filters, sort; keyset pages. */
    @GetMapping
    CursorPage<ContactResponse> list(@RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit,
                                     @RequestParam(required = false) String cursor,
                                     @RequestParam(required = false) String q,
                                     @RequestParam(required = false) String lifecycleStage,
                                     @RequestParam(required = false) String ownerId,
                                     @RequestParam(required = false) String tag,
                                     @RequestParam(required = false) String companyId,
                                     @RequestParam(required = false) String source,
                                     @RequestParam(required = false) String sort,
                                     @Parameter(hidden = true) @RequestParam java.util.Map<String, String> parameters) {
        return directory.page(ContactDirectory.Filter.of(parameters), access.scope(),
                directory.sort(sort), limit, cursor);
    }

    /** Who changed what and when, newest first; only for a contact the caller sees. */
    @GetMapping("/{id}/history")
    HistoryPage history(@PathVariable String id, @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        visible(id);
        return new HistoryPage(history.of(Contact.class, id, limit));
    }

    /**
     * JSON merge patch: fields present are changed (null clears), fields absent are kept. An email or phone added that
     * another contact has is a 409 with the candidates, unless allowDuplicate.
     */
    @PatchMapping(path = "/{id}", consumes = {MediaType.APPLICATION_JSON_VALUE, MERGE_PATCH_JSON})
    ResponseEntity<ContactResponse> update(@PathVariable String id,
                                           @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                           @RequestParam(defaultValue = "false") boolean allowDuplicate,
                                           @RequestBody JsonNode patch) {
        long expectedVersion = IfMatch.requiredVersion(ifMatch);
        Contact contact = editing.update(id, expectedVersion, allowDuplicate,
                before -> ContactPatch.parse(patch).applyTo(before, json));
        return ResponseEntity.ok().eTag(IfMatch.etag(contact.getVersion())).body(ContactResponse.of(contact));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id,
                                @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        long expectedVersion = IfMatch.requiredVersion(ifMatch);
        Contact contact = visible(id);
        contact.delete(expectedVersion, clock.instant());
        store.save(contact);
        duplicates.releaseContact(id, contact.details()); // its emails and phones are free again (a crash before this: see KeyClaims)
        return ResponseEntity.noContent().build();
    }
}
