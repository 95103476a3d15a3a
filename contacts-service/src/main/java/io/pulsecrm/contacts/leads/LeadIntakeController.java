package io.pulsecrm.contacts.leads;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulsecrm.contacts.contacts.Acquisition;
import io.pulsecrm.contacts.contacts.Consent;
import io.pulsecrm.contacts.contacts.Contact;
import io.pulsecrm.contacts.contacts.ContactDetails;
import io.pulsecrm.contacts.contacts.ContactDetailsCopy;
import io.pulsecrm.contacts.conversion.ContactConversion;
import io.pulsecrm.contacts.conversion.ConvertRequest;
import io.pulsecrm.platform.assignment.RoundRobin;
import io.pulsecrm.contacts.contacts.ContactNormalizer;
import io.pulsecrm.contacts.duplicates.DuplicateDetector;
import io.pulsecrm.contacts.duplicates.DuplicatesFoundException;
import io.pulsecrm.contacts.duplicates.KeyReservation;
import io.pulsecrm.contacts.timeline.ActivityInput;
import io.pulsecrm.contacts.timeline.TimelineEntry;
import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.events.Ids;
import io.pulsecrm.platform.security.OwnerScope;
import io.pulsecrm.platform.web.InvalidRequestException;
import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import io.pulsecrm.platform.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public lead intake (web forms post here without a token; each form checks its own key, {@code X-Form-Key}):
 * <ul>
 * <li>{@code GET /api/public/lead-forms/{id}/form-token}: the page fetches a signed form token when it renders the
 * form ({@link FormTokens});</li>
 * <li>{@code POST /api/public/lead-forms/{id}/submissions}: a new person becomes a contact (source web_form, stage
 * lead, the form's owner and tags, published like any create); a known one (same email or phone) gets a note on its
 * timeline instead of a duplicate.</li>
 * </ul>
 * A submission passes, in this order: the client address's rate limit (429), the form key (401), the form's rate
 * limit (429), the spam guard, then validation (400). Spam (honeypot filled in; form token missing, forged, too
 * fresh, too old or used before) is answered exactly like a real lead, 202, but creates nothing and is counted
 * ({@code pulse.contacts.lead.spam}): a bot learns nothing. So does a known person: the form does not reveal who is in
 * the CRM.
 */
@RestController
class LeadIntakeController {

    private static final Logger log = LoggerFactory.getLogger(LeadIntakeController.class);
    private static final Map<String, String> RECEIVED = Map.of("status", "received");

    /**
     * A submission. {@code website} is the honeypot: the form renders it hidden (CSS), so people leave it empty and
     * form-filling bots do not. {@code formToken} is the token fetched when the form was rendered. The UTM parameters
     * (named as in campaign links), {@code referrer} and {@code landingPage} are what the page saw when it was opened.
     */
    record Submission(String firstName, String lastName, String email, String phone, String jobTitle,
                      String company, String message, Boolean marketingConsent, String website, String formToken,
                      String utm_source, String utm_medium, String utm_campaign, String utm_term, String utm_content,
                      String referrer, String landingPage) {

        Acquisition acquisition() {
            return new Acquisition(utm_source, utm_medium, utm_campaign, utm_term, utm_content, referrer, landingPage);
        }
    }

    private final MongoTemplate mongo;
    private final AggregateStore store;
    private final ContactNormalizer normalizer;
    private final DuplicateDetector duplicates;
    private final IntakeRateLimiter limiter;
    private final FormTokens tokens;
    private final ClientAddress clientAddress;
    private final LeadIntakeProperties properties;
    private final MeterRegistry meters;
    private final ContactConversion conversion;
    private final RoundRobin roundRobin;
    private final Clock clock;

    LeadIntakeController(MongoTemplate mongo, AggregateStore store, ContactNormalizer normalizer,
                         DuplicateDetector duplicates, IntakeRateLimiter limiter, FormTokens tokens,
                         ClientAddress clientAddress, LeadIntakeProperties properties, MeterRegistry meters,
                         ContactConversion conversion, RoundRobin roundRobin, Clock clock) {
        this.conversion = conversion;
        this.roundRobin = roundRobin;
        this.mongo = mongo;
        this.store = store;
        this.normalizer = normalizer;
        this.duplicates = duplicates;
        this.limiter = limiter;
        this.tokens = tokens;
        this.clientAddress = clientAddress;
        this.properties = properties;
        this.meters = meters;
        this.clock = clock;
    }

    /** The token the page puts into the form when it renders it; {@code notBefore}: the earliest sensible submit. */
    @GetMapping(path = "/api/public/lead-forms/{id}/form-token", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> formToken(@PathVariable String id, HttpServletRequest request) {
        IntakeRateLimiter.Verdict client = limiter.clientAddress("token-ip", clientAddress.of(request));
        if (!client.allowed()) {
            return tooManyRequests(client, "Too many form tokens from this address");
        }
        LeadForm form = mongo.findById(id, LeadForm.class);
        if (form == null || !form.active()) {
            return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", "The form does not exist or is disabled");
        }
        FormTokens.Issued issued = tokens.issue(form);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(Map.of("token", issued.token(),
                "notBefore", issued.notBefore(), "expiresAt", issued.expiresAt()));
    }

    @PostMapping(path = "/api/public/lead-forms/{id}/submissions", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> submit(@PathVariable String id, @RequestHeader(name = "X-Form-Key", required = false) String key,
                             @RequestBody Submission submission, HttpServletRequest request) {
        IntakeRateLimiter.Verdict client = limiter.clientAddress("ip", clientAddress.of(request));
        if (!client.allowed()) {
            return tooManyRequests(client, "Too many submissions from this address");
        }
        LeadForm form = mongo.findById(id, LeadForm.class);
        if (form == null || !form.active() || key == null || !MessageDigest.isEqual(
                form.keyHash().getBytes(StandardCharsets.UTF_8), LeadFormController.hash(key).getBytes(StandardCharsets.UTF_8))) {
            return problem(HttpStatus.UNAUTHORIZED, "invalid-form-key", "Invalid form key",
                    "The form does not exist, is disabled, or X-Form-Key is wrong");
        }
        IntakeRateLimiter.Verdict formLimit = limiter.form(form.id());
        if (!formLimit.allowed()) {
            return tooManyRequests(formLimit, "Too many submissions to this form");
        }
        String spam = spamReason(form, submission);
        if (spam != null) {
            return dropAsSpam(form, spam);
        }
        ContactDetails details = details(form, submission); // 400 for invalid fields: the token is not used up yet
        if (submission.formToken() != null && tokens.use(form, submission.formToken()) != FormTokens.Check.VALID) {
            return dropAsSpam(form, FormTokens.Check.REPLAYED.reason());
        }
        accept(form, submission, details);
        return ResponseEntity.accepted().body(RECEIVED);
    }

    private ResponseEntity<?> dropAsSpam(LeadForm form, String reason) {
        meters.counter("pulse.contacts.lead.spam", "reason", reason).increment();
        log.info("Lead form {}: submission dropped as spam ({})", form.id(), reason);
        return ResponseEntity.accepted().body(RECEIVED);
    }

    /** Null for a submission from a person, else why it is spam. */
    private String spamReason(LeadForm form, Submission submission) {
        if (properties.spam().honeypot() && submission.website() != null && !submission.website().isBlank()) {
            return "honeypot";
        }
        if (submission.formToken() == null && !properties.spam().requireFormToken()) {
            return null;
        }
        FormTokens.Check check = tokens.check(form, submission.formToken());
        return check == FormTokens.Check.VALID ? null : check.reason();
    }

    private ContactDetails details(LeadForm form, Submission submission) {
        Consent consent = submission.marketingConsent() == null ? null : new Consent(submission.marketingConsent(), null, null);
        // checked under the names the form sent (utm_source), then again by the normaliser (it never fails then)
        List<FieldProblem> problems = new ArrayList<>();
        Acquisition acquisition = Acquisition.normalize(submission.acquisition(), Acquisition::utmName, problems);
        ContactDetails details = null;
        try {
            details = normalizer.normalize(new ContactDetails(submission.firstName(), submission.lastName(),
                    submission.email(), submission.phone(), submission.jobTitle(), null, null, null, null, "web_form", "lead",
                    form.ownerId(), null, form.tags(), null, consent, null, problems.isEmpty() ? acquisition : null));
        } catch (InvalidRequestException invalid) {
            problems.addAll(invalid.fieldErrors());
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("The submission has invalid fields", problems);
        }
        return details;
    }

    private void accept(LeadForm form, Submission submission, ContactDetails details) {
        String note = "Web form \"" + form.name() + "\" submitted"
                + (submission.company() == null || submission.company().isBlank() ? "" : " (company: " + submission.company().strip() + ")")
                // a known person keeps their first touch; where this submission came from is told here (before the
                // message: a long message is cut, this is not)
                + (details.acquisition() == null ? "" : "\n" + details.acquisition().describe())
                + (submission.message() == null || submission.message().isBlank() ? "" : "\n\n" + submission.message().strip());
        String contactId = Ids.newId();
        String companyId = null;
        Contact contact;
        // a form that opens deals gives the lead to the deal's owner when the form names no owner of its own
        String dealOwner = form.deal() == null ? null : dealOwner(form);
        if (form.ownerId() == null && dealOwner != null) {
            details = ContactDetailsCopy.withOwner(details, dealOwner);
        }
        // the same person submitting twice at once (two tabs, a double click) must not become two contacts either:
        // the email and phone are claimed first, and the one that loses notes its message on the winner
        try (KeyReservation keys = duplicates.reserveContact(contactId, details, null, OwnerScope.all(), false)) {
            contact = store.save(Contact.create(contactId, details, clock.instant()));
            keys.commit();
        } catch (DuplicatesFoundException known) {
            List<DuplicateDetector.Match> matches = known.matches();
            contactId = matches.getFirst().id();
            contact = store.find(Contact.class, contactId).orElse(null);
            companyId = contact == null ? null : contact.details().companyId();
        }
        if (form.deal() != null && contact != null) {
            note += openDeal(form, contact, dealOwner, submission.company());
        }
        ActivityInput activity = new ActivityInput("note", null, "Web form: " + form.name(),
                note.length() > 20_000 ? note.substring(0, 20_000) : note, null, null, null, null, null, null);
        store.save(TimelineEntry.logged(activity, contactId, companyId, null, clock.instant()));
    }

    /** The deal's owner: the form's user, or the next in its round-robin (one rotation per form, shared by replicas). */
    private String dealOwner(LeadForm form) {
        LeadForm.DealSettings deal = form.deal();
        return deal.roundRobin() == null ? deal.ownerId() : roundRobin.next("lead-form:" + form.id(), deal.roundRobin());
    }

    /**
     * Converts the lead through the same path as {@code POST /api/contacts/{id}/convert}. A known person is converted
     * only while still a lead. The submission is kept whatever happens here: a deal that cannot be opened (the
     * pipeline was deleted since the form was saved) is said on the lead's timeline and counted.
     *
     * @return what the timeline note adds about the deal
     */
    private String openDeal(LeadForm form, Contact contact, String owner, String companyName) {
        if (contact.getConversion() != null || !Contact.CONVERTIBLE_STAGES.contains(contact.details().lifecycleStage())) {
            return "";
        }
        LeadForm.DealSettings deal = form.deal();
        String company = contact.details().companyId() != null || companyName == null || companyName.isBlank() ? null : companyName;
        try {
            conversion.convertTrusted(contact, new ConvertRequest(deal.pipelineId(), deal.stageId(), null, null, null, owner,
                    null, null, company, null), "lead-form:" + form.id());
            return "";
        } catch (RuntimeException refused) {
            meters.counter("pulse.contacts.lead.deal_failed").increment();
            log.warn("Lead form {}: no deal opened for contact {}: {}", form.id(), contact.getId(), refused.getMessage());
            return "\nNo deal was opened: " + refused.getMessage();
        }
    }

    private static ResponseEntity<ProblemDetail> tooManyRequests(IntakeRateLimiter.Verdict verdict, String detail) {
        ProblemDetail problem = Problems.of(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests",
                detail + "; retry in " + verdict.retryAfterSeconds() + " s");
        problem.setProperty("retryAfterSeconds", verdict.retryAfterSeconds());
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(verdict.retryAfterSeconds()))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String slug, String title, String detail) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(status, slug, title, detail));
    }
}
