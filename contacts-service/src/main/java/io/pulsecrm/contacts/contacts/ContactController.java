package io.pulsecrm.contacts.contacts;

import java.net.URI;
import java.time.Clock;

import io.pulsecrm.contacts.duplicates.DuplicateDetector;
import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.web.CursorPage;
import io.pulsecrm.platform.web.IfMatch;
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

/** {@code /api/contacts}: HTTP in, domain calls, HTTP out. Rules live in {@link Contact} and {@link ContactNormalizer}. */
@RestController
@Validated
@RequestMapping(path = "/api/contacts", produces = MediaType.APPLICATION_JSON_VALUE)
class ContactController {

    private static final String MERGE_PATCH_JSON = "application/merge-patch+json";

    private final AggregateStore store;
    private final ContactNormalizer normalizer;
    private final ContactDirectory directory;
    private final DuplicateDetector duplicates;
    private final JsonMapper json;
    private final Clock clock;

    ContactController(AggregateStore store, ContactNormalizer normalizer, ContactDirectory directory,
                      DuplicateDetector duplicates, JsonMapper json, Clock clock) {
        this.store = store;
        this.normalizer = normalizer;
        this.directory = directory;
        this.duplicates = duplicates;
        this.json = json;
        this.clock = clock;
    }

    /** 409 with the candidates when a contact with the same email or phone exists, unless allowDuplicate. */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ContactResponse> create(@RequestBody ContactRequest request,
                                           @RequestParam(defaultValue = "false") boolean allowDuplicate) {
        ContactDetails raw = request.toDetails();
        if (raw.source() == null) {
            raw = ContactDetailsCopy.withSource(raw, "api");
        }
        ContactDetails details = normalizer.normalize(raw);
        if (!allowDuplicate) {
            duplicates.refuseDuplicateContact(details);
        }
        Contact contact = store.save(Contact.create(details, clock.instant()));
        return ResponseEntity.created(URI.create("/api/contacts/" + contact.getId()))
                .eTag(IfMatch.etag(contact.getVersion()))
                .body(ContactResponse.of(contact));
    }

    @GetMapping("/{id}")
    ResponseEntity<ContactResponse> get(@PathVariable String id) {
        Contact contact = store.get(Contact.class, id);
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
                                     @RequestParam java.util.Map<String, String> parameters) {
        return directory.page(ContactDirectory.Filter.of(parameters),
                ContactDirectory.SortOrder.parse(sort), limit, cursor);
    }

    /** JSON merge patch: fields present are changed (null clears), fields absent are kept. */
    @PatchMapping(path = "/{id}", consumes = {MediaType.APPLICATION_JSON_VALUE, MERGE_PATCH_JSON})
    ResponseEntity<ContactResponse> update(@PathVariable String id,
                                           @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                           @RequestBody JsonNode patch) {
        long expectedVersion = IfMatch.requiredVersion(ifMatch);
        Contact contact = store.get(Contact.class, id);
        ContactDetails changed = ContactPatch.parse(patch).applyTo(contact.details(), json);
        contact.update(normalizer.normalize(changed, contact.details()), expectedVersion, clock.instant());
        store.save(contact);
        return ResponseEntity.ok().eTag(IfMatch.etag(contact.getVersion())).body(ContactResponse.of(contact));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id,
                                @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        long expectedVersion = IfMatch.requiredVersion(ifMatch);
        Contact contact = store.get(Contact.class, id);
        contact.delete(expectedVersion, clock.instant());
        store.save(contact);
        return ResponseEntity.noContent().build();
    }
}
