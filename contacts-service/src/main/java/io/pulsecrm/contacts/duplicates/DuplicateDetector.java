package io.pulsecrm.contacts.duplicates;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.pulsecrm.contacts.companies.Company;
import io.pulsecrm.contacts.companies.CompanyDetails;
import io.pulsecrm.contacts.companies.CompanyDirectory;
import io.pulsecrm.contacts.contacts.Contact;
import io.pulsecrm.contacts.contacts.ContactDetails;
import io.pulsecrm.contacts.duplicates.DuplicatesFoundException.Candidate;
import io.pulsecrm.contacts.duplicates.KeyClaims.Key;
import io.pulsecrm.platform.aggregate.AggregateRoot;
import io.pulsecrm.platform.security.OwnerScope;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Keeps contacts' normalised emails and phones (primary or not) and companies' domains unique unless a duplicate is
 * allowed on purpose, race-free across replicas. A write that adds such a value first looks up the records holding it
 * (the 409 lists them), then {@linkplain KeyClaims claims} it: of two concurrent creates with the same email, on any
 * replicas, exactly one gets the claim and the other answers 409 naming the winner. The claims follow the records:
 * released on delete, erase and when a value is changed away, moved to the survivor of a merge. They are also the
 * index the lookup reads, by {@code _id}: the check costs the same with a hundred contacts or a million, on MongoDB
 * and on the embedded store alike.
 * <p>
 * Records the caller may not see still count as duplicates (the person is in the CRM, if in someone else's book),
 * but the 409 names only the candidates the caller sees; for the others it only says that a match exists that they
 * cannot see, without its id, name or owner. {@code ?allowDuplicate=true} creates anyway: the new record then joins the
 * claims of the values it shares.
 */
@Component
public class DuplicateDetector {

    private static final int MAX_CANDIDATES = 20;
    private static final Duration HOLDER_POLL = Duration.ofMillis(20);
    private static final String CONTACT_MESSAGE = "Contacts with the same email or phone exist; merge them, or create "
            + "anyway with ?allowDuplicate=true";
    private static final String CONTACT_HIDDEN = "A contact with the same email or phone exists that you cannot see; "
            + "ask a manager, or create anyway with ?allowDuplicate=true";
    private static final String COMPANY_MESSAGE = "Companies with the same domain exist; create anyway with ?allowDuplicate=true";
    private static final String COMPANY_HIDDEN = "A company with the same domain exists that you cannot see; create anyway "
            + "with ?allowDuplicate=true";

    private final MongoTemplate mongo;
    private final CompanyDirectory companies;
    private final KeyClaims claims;
    private final KeyIndexBackfill backfill;
    private final DuplicatesProperties properties;

    DuplicateDetector(MongoTemplate mongo, CompanyDirectory companies, KeyClaims claims, KeyIndexBackfill backfill,
                      DuplicatesProperties properties) {
        this.mongo = mongo;
        this.companies = companies;
        this.claims = claims;
        this.backfill = backfill;
        this.properties = properties;
    }

    /**
     * An existing record matching a new one, with its owner (to tell whether the caller may see it). {@code pending}:
     * a record being written right now by a concurrent request, not readable yet (so not named to anyone).
     */
    public record Match(Candidate candidate, String ownerId, boolean pending) {

        public Match(Candidate candidate, String ownerId) {
            this(candidate, ownerId, false);
        }

        public String id() {
            return candidate.id();
        }
    }

    /**
     * Reserves the emails and phones a contact write adds ({@code before}: the contact's details before the change,
     * null for a new one). Unless {@code allowDuplicate}, a value that a live contact other than {@code contactId}
     * holds, or that a concurrent write claimed first, is refused with {@link DuplicatesFoundException} (409).
     * Commit the reservation once the contact is stored (values it no longer has are released then); closing it
     * uncommitted releases the values it claimed.
     */
    public KeyReservation reserveContact(String contactId, ContactDetails details, ContactDetails before, OwnerScope scope,
                                         boolean allowDuplicate) {
        return reserve(contactId, contactKeys(details), before == null ? Set.of() : contactKeys(before), allowDuplicate,
                scope, this::contactHolds, CONTACT_MESSAGE, CONTACT_HIDDEN);
    }

    /** {@link #reserveContact} for a company's domain. */
    public KeyReservation reserveCompany(String companyId, CompanyDetails details, CompanyDetails before, OwnerScope scope,
                                         boolean allowDuplicate) {
        return reserve(companyId, companyKeys(details), before == null ? Set.of() : companyKeys(before), allowDuplicate,
                scope, this::companyHolds, COMPANY_MESSAGE, COMPANY_HIDDEN);
    }

    /** The contact was deleted or erased ({@code details}: what it held): its emails and phones are free again. */
    public void releaseContact(String contactId, ContactDetails details) {
        claims.release(contactId, contactKeys(details));
    }

    /** The company was deleted: its domain is free again. */
    public void releaseCompany(String companyId, CompanyDetails details) {
        claims.release(companyId, companyKeys(details));
    }

    /** Merged contacts' emails and phones now belong to the survivor (by merged contact id, what it held). */
    public void transfer(Map<String, ContactDetails> merged, String survivorId) {
        merged.forEach((mergedId, details) -> claims.transfer(mergedId, contactKeys(details), survivorId, this::contactHolds));
    }

    /** Live contacts sharing an email or phone with these details (at most 20), whoever owns them. */
    public List<Match> contactDuplicates(ContactDetails details) {
        return matches(List.copyOf(contactKeys(details)), null);
    }

    /**
     * Live contacts holding this email or phone ({@code kind} {@code email} or {@code phone}, the value normalised as
     * contacts keep it), at most 20, whoever owns them: how rows of other files find their contact.
     */
    public List<Match> contactsHolding(String kind, String value) {
        return matches(List.of(new Key("contact", kind, value)), null);
    }

    /** Live companies with these details' domain (at most 20), whoever owns them. */
    public List<Match> companyDuplicates(CompanyDetails details) {
        return matches(List.copyOf(companyKeys(details)), null);
    }

    private KeyReservation reserve(String recordId, Set<Key> now, Set<Key> had, boolean allowDuplicate, OwnerScope scope,
                                   KeyClaims.Holders holders, String message, String hiddenMessage) {
        List<Key> added = now.stream().filter(key -> !had.contains(key)).toList();
        List<Key> dropped = had.stream().filter(key -> !now.contains(key)).toList();
        if (!allowDuplicate && !added.isEmpty()) {
            refuse(matches(added, recordId), scope, message, hiddenMessage);
        }
        KeyClaims.Result result = claims.claim(recordId, added, allowDuplicate, holders);
        if (result.conflict() != null) {
            // a concurrent write got there first: it passed the check above before the winner was stored
            refuse(List.of(holderMatch(result.conflict())), scope, message, hiddenMessage);
        }
        return new KeyReservation(claims, recordId, result.claimed(), dropped);
    }

    /**
     * The live records holding any of these values, other than {@code excludeId}, as the claims list them (read by
     * {@code _id}); a claim taken a moment ago by a write not stored yet counts too. Until the claims hold every record
     * stored before they existed ({@link KeyIndexBackfill}), the records are looked up by query as well.
     */
    private List<Match> matches(List<Key> keys, String excludeId) {
        if (keys.isEmpty()) {
            return List.of();
        }
        Map<Key, KeyClaim> found = claims.find(keys);
        Set<String> holderIds = new LinkedHashSet<>();
        found.values().forEach(claim -> holderIds.addAll(claim.holders()));
        holderIds.remove(excludeId);
        Map<String, AggregateRoot> records = new HashMap<>();
        if (!holderIds.isEmpty()) {
            Class<? extends AggregateRoot> type = "company".equals(keys.getFirst().recordType()) ? Company.class : Contact.class;
            mongo.find(Query.query(Criteria.where("_id").in(holderIds)), type).forEach(record -> records.put(record.getId(), record));
        }
        Map<String, Match> matches = new LinkedHashMap<>();
        for (Key key : keys) { // emails before phones: a contact matching both is named by its email
            KeyClaim claim = found.get(key);
            if (claim == null) {
                continue;
            }
            for (String holder : claim.holders()) {
                if (holder.equals(excludeId) || matches.containsKey(holder) || matches.size() >= MAX_CANDIDATES) {
                    continue;
                }
                Match match = match(records.get(holder), key);
                if (match == null && holder.equals(claim.recordId()) && !records.containsKey(holder) && claims.withinGrace(claim)) {
                    match = holderMatch(new KeyClaims.Conflict(key, holder)); // being written right now
                }
                if (match != null) {
                    matches.put(holder, match);
                }
            }
        }
        if (!backfill.complete()) {
            for (Match legacy : legacyMatches(keys, excludeId)) {
                if (matches.size() < MAX_CANDIDATES) {
                    matches.putIfAbsent(legacy.id(), legacy);
                }
            }
        }
        return List.copyOf(matches.values());
    }

    /** A live record that holds the value, as a match; null for anything else. */
    private static Match match(AggregateRoot record, Key key) {
        if (record instanceof Contact contact && !contact.isDeleted() && holds(contact.details(), key)) {
            return new Match(new Candidate(contact.getId(), name(contact.details()), key.kind(), key.value()), contact.getOwnerId());
        }
        if (record instanceof Company company && !company.isDeleted() && key.value().equals(company.details().domain())) {
            return new Match(new Candidate(company.getId(), company.details().name(), key.kind(), key.value()), company.getOwnerId());
        }
        return null;
    }

    /** The records holding these values by query (secondary indexes): only until the claims are complete. */
    private List<Match> legacyMatches(List<Key> keys, String excludeId) {
        List<Match> found = new ArrayList<>();
        if ("company".equals(keys.getFirst().recordType())) {
            for (Key key : keys) {
                companies.withDomain(key.value()).stream().filter(company -> !company.getId().equals(excludeId))
                        .forEach(company -> found.add(match(company, key)));
            }
            return found;
        }
        List<String> emails = keys.stream().filter(k -> k.kind().equals("email")).map(Key::value).toList();
        List<String> phones = keys.stream().filter(k -> k.kind().equals("phone")).map(Key::value).toList();
        List<Criteria> any = new ArrayList<>();
        if (!emails.isEmpty()) {
            any.add(Criteria.where("emailKeys").in(emails));
        }
        if (!phones.isEmpty()) {
            any.add(Criteria.where("phoneKeys").in(phones));
        }
        Query query = Query.query(new Criteria().andOperator(Criteria.where("deletedAt").isNull(),
                new Criteria().orOperator(any))).limit(MAX_CANDIDATES + 1);
        for (Contact contact : mongo.find(query, Contact.class)) {
            if (!contact.getId().equals(excludeId)) {
                keys.stream().map(key -> match(contact, key)).filter(java.util.Objects::nonNull).findFirst().ifPresent(found::add);
            }
        }
        return found;
    }

    /** The record holding a conflicting claim; it may be written a moment from now by the request that won. */
    private Match holderMatch(KeyClaims.Conflict conflict) {
        Key key = conflict.key();
        Class<? extends AggregateRoot> type = "company".equals(key.recordType()) ? Company.class : Contact.class;
        long deadline = System.nanoTime() + properties.claimWait().toNanos();
        while (true) {
            AggregateRoot record = mongo.findById(conflict.holderId(), type);
            if (record instanceof Company company) {
                return new Match(new Candidate(company.getId(), company.details().name(), key.kind(), key.value()),
                        company.getOwnerId());
            }
            if (record instanceof Contact contact) {
                return new Match(new Candidate(contact.getId(), name(contact.details()), key.kind(), key.value()),
                        contact.getOwnerId());
            }
            if (System.nanoTime() > deadline) {
                return new Match(new Candidate(conflict.holderId(), null, key.kind(), key.value()), null, true);
            }
            try {
                Thread.sleep(HOLDER_POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Match(new Candidate(conflict.holderId(), null, key.kind(), key.value()), null, true);
            }
        }
    }

    private static void refuse(List<Match> matches, OwnerScope scope, String message, String hiddenMessage) {
        if (matches.isEmpty()) {
            return;
        }
        List<Candidate> visible = matches.stream().filter(m -> !m.pending() && scope.includes(m.ownerId()))
                .map(Match::candidate).toList();
        boolean hidden = visible.size() < matches.size();
        if (visible.isEmpty()) {
            throw new DuplicatesFoundException(hiddenMessage, visible, true, matches);
        }
        throw new DuplicatesFoundException(hidden ? message + " (a further match exists that you cannot see)" : message,
                visible, hidden, matches);
    }

    private boolean contactHolds(String contactId, Key key) {
        Contact contact = mongo.findById(contactId, Contact.class);
        return contact != null && !contact.isDeleted() && holds(contact.details(), key);
    }

    private boolean companyHolds(String companyId, Key key) {
        Company company = mongo.findById(companyId, Company.class);
        return company != null && !company.isDeleted() && key.value().equals(company.details().domain());
    }

    private static boolean holds(ContactDetails details, Key key) {
        return "email".equals(key.kind()) ? details.allEmails().contains(key.value()) : details.allPhones().contains(key.value());
    }

    static Set<Key> contactKeys(ContactDetails details) {
        Set<Key> keys = new LinkedHashSet<>();
        details.allEmails().forEach(email -> keys.add(new Key("contact", "email", email)));
        details.allPhones().forEach(phone -> keys.add(new Key("contact", "phone", phone)));
        return keys;
    }

    static Set<Key> companyKeys(CompanyDetails details) {
        return details.domain() == null ? Set.of() : Set.of(new Key("company", "domain", details.domain()));
    }

    private static String name(ContactDetails details) {
        return details.lastName() == null ? details.firstName() : details.firstName() + " " + details.lastName();
    }
}
