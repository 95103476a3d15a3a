package io.pulsecrm.contacts.duplicates;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.pulsecrm.contacts.access.RecordAccess;
import io.pulsecrm.contacts.contacts.Contact;
import io.pulsecrm.contacts.contacts.ContactDetails;
import io.pulsecrm.contacts.contacts.ContactNormalizer;
import io.pulsecrm.contacts.contacts.ContactResponse;
import io.pulsecrm.contacts.contacts.Messenger;
import io.pulsecrm.contacts.contacts.VisibleContacts;
import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.aggregate.StateConflictException;
import io.pulsecrm.platform.security.OwnerScope;
import io.pulsecrm.platform.web.IfMatch;
import io.pulsecrm.platform.web.InvalidRequestException;
import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/contacts/{id}/merge}: the contact {@code id} (If-Match: its version) survives and absorbs
 * {@code mergeIds}. {@code choose} names, per single-valued field, the contact whose value wins; a field not
 * chosen keeps the survivor's value, or the first merged contact's value when the survivor has none. Emails,
 * phones, messengers and tags are united. The merged contacts are marked merged (pulse.contact.deleted.v1 with
 * mergedInto), then the survivor records pulse.contact.merged.v1. Retrying a merge that stopped half-way
 * (crash) finishes it: contacts already merged into this survivor are accepted.
 * <p>
 * Merging is for managers and admins (403 for reps and partner clients), and every contact involved must be visible
 * to them: an invisible survivor is a 404, an invisible merged contact is reported like a missing one. Choosing the
 * owner of a merged contact for the survivor is a change of owner and follows the reassignment rules.
 */
@RestController
class ContactMergeController {

    static final int MAX_MERGED = 10;
    static final Set<String> CHOOSABLE = Set.of("firstName", "lastName", "email", "phone", "jobTitle", "address",
            "source", "lifecycleStage", "ownerId", "companyId", "birthday", "consent", "acquisition");

    /** Body of a merge. */
    record MergeRequest(List<String> mergeIds, Map<String, String> choose) {
    }

    private final AggregateStore store;
    private final VisibleContacts contacts;
    private final DuplicateDetector duplicates;
    private final MongoTemplate mongo;
    private final ContactNormalizer normalizer;
    private final RecordAccess access;
    private final Clock clock;

    ContactMergeController(AggregateStore store, VisibleContacts contacts, DuplicateDetector duplicates, MongoTemplate mongo,
                           ContactNormalizer normalizer, RecordAccess access, Clock clock) {
        this.store = store;
        this.contacts = contacts;
        this.duplicates = duplicates;
        this.mongo = mongo;
        this.normalizer = normalizer;
        this.access = access;
        this.clock = clock;
    }

    @PostMapping(path = "/api/contacts/{id}/merge", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ContactResponse> merge(@PathVariable String id,
                                          @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                          @RequestBody MergeRequest request) {
        long expectedVersion = IfMatch.requiredVersion(ifMatch);
        access.requireManagerOrAdmin("merge contacts");
        Contact survivor = contacts.get(id);
        survivor.requireVersion(expectedVersion);
        OwnerScope scope = access.scope();
        List<String> mergeIds = validIds(id, request.mergeIds());
        Map<String, Contact> others = new LinkedHashMap<>();
        List<FieldProblem> problems = new ArrayList<>();
        for (int i = 0; i < mergeIds.size(); i++) {
            Contact other = mongo.findById(mergeIds.get(i), Contact.class);
            if (other == null || (other.isDeleted() && !id.equals(other.getMergedInto())) || !scope.includes(other.getOwnerId())) {
                problems.add(new FieldProblem("mergeIds[" + i + "]", "is not an existing contact"));
            } else {
                others.put(other.getId(), other);
            }
        }
        Map<String, String> choose = request.choose() == null ? Map.of() : request.choose();
        for (var choice : choose.entrySet()) {
            if (!CHOOSABLE.contains(choice.getKey())) {
                problems.add(new FieldProblem("choose", "'" + InvalidRequestException.echo(choice.getKey()) + "' cannot be chosen; choosable: " + CHOOSABLE));
            } else if (choice.getValue() == null || !(id.equals(choice.getValue()) || others.containsKey(choice.getValue()))) {
                problems.add(new FieldProblem("choose." + choice.getKey(), "must be the id of the survivor or of a merged contact"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("The merge has invalid fields", problems);
        }

        ContactDetails merged = normalizer.normalize(combine(survivor, others, choose), survivor.details());
        access.requireOwnerChange(survivor.getOwnerId(), merged.ownerId(), "choose.ownerId");
        Instant now = clock.instant();
        for (Contact other : others.values()) {
            if (!other.isDeleted()) {
                other.mergeInto(id, now);
                store.save(other);
            }
        }
        survivor.absorb(mergeIds, merged, expectedVersion, now);
        store.save(survivor);
        // the survivor holds the merged contacts' emails and phones now (a crash before this: see KeyClaims)
        Map<String, ContactDetails> mergedDetails = new LinkedHashMap<>();
        others.values().forEach(other -> mergedDetails.put(other.getId(), other.details()));
        duplicates.transfer(mergedDetails, id);
        return ResponseEntity.ok().eTag(IfMatch.etag(survivor.getVersion())).body(ContactResponse.of(survivor));
    }

    private static List<String> validIds(String survivorId, List<String> ids) {
        if (ids == null || ids.isEmpty() || ids.size() > MAX_MERGED) {
            throw InvalidRequestException.field("mergeIds", "must list 1 to " + MAX_MERGED + " contact ids");
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (String mergeId : ids) {
            if (mergeId == null || mergeId.isBlank()) {
                throw InvalidRequestException.field("mergeIds", "must not contain empty ids");
            }
            if (mergeId.equals(survivorId)) {
                throw new StateConflictException("A contact cannot be merged into itself");
            }
            distinct.add(mergeId);
        }
        return List.copyOf(distinct);
    }

    private static ContactDetails combine(Contact survivor, Map<String, Contact> others, Map<String, String> choose) {
        ContactDetails base = survivor.details();
        List<ContactDetails> rest = others.values().stream().map(Contact::details).toList();
        Map<String, ContactDetails> byId = new LinkedHashMap<>();
        byId.put(survivor.getId(), base);
        others.forEach((otherId, other) -> byId.put(otherId, other.details()));

        Picker pick = new Picker(base, rest, choose, byId);
        String email = pick.value("email", ContactDetails::email);
        String phone = pick.value("phone", ContactDetails::phone);
        Set<String> emails = new LinkedHashSet<>();
        Set<String> phones = new LinkedHashSet<>();
        Set<Messenger> messengers = new LinkedHashSet<>();
        Set<String> tags = new LinkedHashSet<>();
        boolean phoneUnverified = phone != null && byId.values().stream()
                .anyMatch(details -> details.phoneUnverified() && phone.equals(details.phone()));
        for (ContactDetails details : byId.values()) {
            emails.addAll(details.allEmails());
            // a phone kept as entered can only be the primary one: another contact's stays out unless it is chosen
            phones.addAll(details.phoneUnverified() ? details.otherPhones() : details.allPhones());
            messengers.addAll(details.messengers());
            tags.addAll(details.tags());
        }
        Map<String, Object> customFields = new LinkedHashMap<>();
        for (ContactDetails details : rest.reversed()) {
            customFields.putAll(details.customFields());
        }
        customFields.putAll(base.customFields()); // the survivor's values win, the others fill gaps
        emails.remove(email);
        phones.remove(phone);
        return new ContactDetails(pick.value("firstName", ContactDetails::firstName),
                pick.value("lastName", ContactDetails::lastName), email, phone,
                pick.value("jobTitle", ContactDetails::jobTitle), List.copyOf(emails), List.copyOf(phones),
                List.copyOf(messengers), pick.value("address", ContactDetails::address),
                pick.value("source", ContactDetails::source), pick.value("lifecycleStage", ContactDetails::lifecycleStage),
                pick.value("ownerId", ContactDetails::ownerId), pick.value("companyId", ContactDetails::companyId),
                List.copyOf(tags), pick.value("birthday", ContactDetails::birthday), pick.value("consent", ContactDetails::consent),
                customFields, pick.value("acquisition", ContactDetails::acquisition), phoneUnverified);
    }

    private record Picker(ContactDetails base, List<ContactDetails> rest, Map<String, String> choose,
                          Map<String, ContactDetails> byId) {

        <T> T value(String field, java.util.function.Function<ContactDetails, T> getter) {
            if (choose.containsKey(field)) {
                return getter.apply(byId.get(choose.get(field)));
            }
            T own = getter.apply(base);
            if (own != null) {
                return own;
            }
            return rest.stream().map(getter).filter(java.util.Objects::nonNull).findFirst().orElse(null);
        }
    }
}
