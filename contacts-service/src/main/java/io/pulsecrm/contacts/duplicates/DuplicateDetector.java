package io.pulsecrm.contacts.duplicates;

import java.util.ArrayList;
import java.util.List;

import io.pulsecrm.contacts.companies.Company;
import io.pulsecrm.contacts.companies.CompanyDetails;
import io.pulsecrm.contacts.companies.CompanyDirectory;
import io.pulsecrm.contacts.contacts.Contact;
import io.pulsecrm.contacts.contacts.ContactDetails;
import io.pulsecrm.contacts.duplicates.DuplicatesFoundException.Candidate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Finds existing records a new one probably duplicates: contacts sharing a normalised email or phone (primary or
 * not), companies sharing a domain. A check before the insert, not a unique index: two concurrent creates of the
 * same person can both pass (merge resolves that afterwards).
 */
@Component
public class DuplicateDetector {

    private static final int MAX_CANDIDATES = 20;

    private final MongoTemplate mongo;
    private final CompanyDirectory companies;

    DuplicateDetector(MongoTemplate mongo, CompanyDirectory companies) {
        this.mongo = mongo;
        this.companies = companies;
    }

    public void refuseDuplicateContact(ContactDetails details) {
        List<Candidate> candidates = contactDuplicates(details);
        if (!candidates.isEmpty()) {
            throw new DuplicatesFoundException("Contacts with the same email or phone exist; merge them, or create "
                    + "anyway with ?allowDuplicate=true", candidates);
        }
    }

    /** Live contacts sharing an email or phone with these details (at most 20). */
    public List<Candidate> contactDuplicates(ContactDetails details) {
        List<String> emails = details.allEmails();
        List<String> phones = details.allPhones();
        if (emails.isEmpty() && phones.isEmpty()) {
            return List.of();
        }
        List<Criteria> any = new ArrayList<>();
        if (!emails.isEmpty()) {
            any.add(Criteria.where("emailKeys").in(emails));
        }
        if (!phones.isEmpty()) {
            any.add(Criteria.where("phoneKeys").in(phones));
        }
        Query query = Query.query(new Criteria().andOperator(Criteria.where("deletedAt").isNull(),
                new Criteria().orOperator(any))).limit(MAX_CANDIDATES);
        List<Candidate> candidates = new ArrayList<>();
        for (Contact contact : mongo.find(query, Contact.class)) {
            ContactDetails existing = contact.details();
            String name = existing.lastName() == null ? existing.firstName() : existing.firstName() + " " + existing.lastName();
            String email = existing.allEmails().stream().filter(emails::contains).findFirst().orElse(null);
            if (email != null) {
                candidates.add(new Candidate(contact.getId(), name, "email", email));
            } else {
                String phone = existing.allPhones().stream().filter(phones::contains).findFirst().orElse(null);
                candidates.add(new Candidate(contact.getId(), name, "phone", phone));
            }
        }
        return candidates;
    }

    public void refuseDuplicateCompany(CompanyDetails details) {
        if (details.domain() == null) {
            return;
        }
        List<Candidate> candidates = new ArrayList<>();
        for (Company company : companies.withDomain(details.domain())) {
            candidates.add(new Candidate(company.getId(), company.details().name(), "domain", details.domain()));
        }
        if (!candidates.isEmpty()) {
            throw new DuplicatesFoundException("Companies with the same domain exist; create anyway with ?allowDuplicate=true", candidates);
        }
    }
}
