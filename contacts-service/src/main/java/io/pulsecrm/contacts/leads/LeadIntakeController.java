package io.pulsecrm.contacts.leads;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import io.pulsecrm.contacts.contacts.Consent;
import io.pulsecrm.contacts.contacts.Contact;
import io.pulsecrm.contacts.contacts.ContactDetails;
import io.pulsecrm.contacts.contacts.ContactNormalizer;
import io.pulsecrm.contacts.duplicates.DuplicateDetector;
import io.pulsecrm.contacts.duplicates.DuplicatesFoundException.Candidate;
import io.pulsecrm.contacts.timeline.ActivityInput;
import io.pulsecrm.contacts.timeline.TimelineEntry;
import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.web.Problems;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/public/lead-forms/{id}/submissions} with header {@code X-Form-Key}: the public lead intake
 * (web forms post here; to be left open by the gateway and by service security, with rate limits at the gateway).
 * A new person becomes a contact (source web_form, stage lead, the form's owner and tags, published like any
 * create); a known one (same email or phone) gets a note on its timeline instead of a duplicate. The answer is
 * the same 202 either way, so the form cannot be used to find out who is in the CRM.
 */
@RestController
class LeadIntakeController {

    record Submission(String firstName, String lastName, String email, String phone, String jobTitle,
                      String company, String message, Boolean marketingConsent) {
    }

    private final MongoTemplate mongo;
    private final AggregateStore store;
    private final ContactNormalizer normalizer;
    private final DuplicateDetector duplicates;
    private final Clock clock;

    LeadIntakeController(MongoTemplate mongo, AggregateStore store, ContactNormalizer normalizer,
                         DuplicateDetector duplicates, Clock clock) {
        this.mongo = mongo;
        this.store = store;
        this.normalizer = normalizer;
        this.duplicates = duplicates;
        this.clock = clock;
    }

    @PostMapping(path = "/api/public/lead-forms/{id}/submissions", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> submit(@PathVariable String id, @RequestHeader(name = "X-Form-Key", required = false) String key,
                             @RequestBody Submission submission) {
        LeadForm form = mongo.findById(id, LeadForm.class);
        if (form == null || !form.active() || key == null || !MessageDigest.isEqual(
                form.keyHash().getBytes(StandardCharsets.UTF_8), LeadFormController.hash(key).getBytes(StandardCharsets.UTF_8))) {
            ProblemDetail problem = Problems.of(HttpStatus.UNAUTHORIZED, "invalid-form-key", "Invalid form key",
                    "The form does not exist, is disabled, or X-Form-Key is wrong");
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        }
        Consent consent = submission.marketingConsent() == null ? null : new Consent(submission.marketingConsent(), null, null);
        ContactDetails details = normalizer.normalize(new ContactDetails(submission.firstName(), submission.lastName(),
                submission.email(), submission.phone(), submission.jobTitle(), null, null, null, null, "web_form", "lead",
                form.ownerId(), null, form.tags(), null, consent, null));
        String note = "Web form \"" + form.name() + "\" submitted"
                + (submission.company() == null || submission.company().isBlank() ? "" : " (company: " + submission.company().strip() + ")")
                + (submission.message() == null || submission.message().isBlank() ? "" : ":\n" + submission.message().strip());
        List<Candidate> known = duplicates.contactDuplicates(details);
        String contactId;
        String companyId = null;
        if (known.isEmpty()) {
            Contact contact = store.save(Contact.create(details, clock.instant()));
            contactId = contact.getId();
        } else {
            contactId = known.getFirst().id();
            companyId = store.find(Contact.class, contactId).map(c -> c.details().companyId()).orElse(null);
        }
        ActivityInput activity = new ActivityInput("note", null, "Web form: " + form.name(),
                note.length() > 20_000 ? note.substring(0, 20_000) : note, null, null, null, null, null, null);
        store.save(TimelineEntry.logged(activity, contactId, companyId, clock.instant()));
        return ResponseEntity.accepted().body(Map.of("status", "received"));
    }
}
