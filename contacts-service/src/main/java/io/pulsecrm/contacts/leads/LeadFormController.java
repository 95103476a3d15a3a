package io.pulsecrm.contacts.leads;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.pulsecrm.contacts.access.RecordAccess;
import io.pulsecrm.contacts.contacts.ContactNormalizer;
import io.pulsecrm.contacts.conversion.ContactConversion;
import io.pulsecrm.platform.aggregate.AggregateNotFoundException;
import io.pulsecrm.platform.events.Ids;
import io.pulsecrm.platform.web.InvalidRequestException;
import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/lead-forms}: admins create forms (each with its own key, shown once), list and disable them (admins only,
 * {@code pulse.security.admin-only}). A form's owner must be a known user; without one its leads are unowned, the
 * shared pool every user sees.
 */
@RestController
@RequestMapping(path = "/api/lead-forms", produces = MediaType.APPLICATION_JSON_VALUE)
class LeadFormController {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** @param deal absent: the form creates contacts only */
    record FormRequest(String name, String ownerId, List<String> tags, DealRequest deal) {
    }

    /** A deal for every new lead of the form: {@code owner} is {@code {userId}} or {@code {roundRobin: [userIds]}}. */
    record DealRequest(String pipelineId, String stageId, DealOwner owner) {
    }

    record DealOwner(String userId, List<String> roundRobin) {
    }

    /** A form as listed; {@code key} is only present in the creation response. */
    record FormResponse(String id, String name, String ownerId, List<String> tags, boolean active, Instant createdAt,
                        String key, String submitUrl, DealRequest deal) {

        static FormResponse of(LeadForm form, String key) {
            LeadForm.DealSettings d = form.deal();
            DealRequest deal = d == null ? null : new DealRequest(d.pipelineId(), d.stageId(),
                    new DealOwner(d.roundRobin() == null ? d.ownerId() : null, d.roundRobin()));
            return new FormResponse(form.id(), form.name(), form.ownerId(), form.tags(), form.active(), form.createdAt(),
                    key, "/api/public/lead-forms/" + form.id() + "/submissions", deal);
        }
    }

    /** How many users a form's round-robin may name. */
    static final int MAX_ROUND_ROBIN = 50;

    private final MongoTemplate mongo;
    private final RecordAccess access;
    private final ContactConversion conversion;
    private final Clock clock;

    LeadFormController(MongoTemplate mongo, RecordAccess access, ContactConversion conversion, Clock clock) {
        this.mongo = mongo;
        this.access = access;
        this.conversion = conversion;
        this.clock = clock;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<FormResponse> create(@RequestBody FormRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        String name = ContactNormalizer.text(request.name(), "name", 100, true, problems);
        String ownerId = ContactNormalizer.text(request.ownerId(), "ownerId", 100, false, problems);
        List<String> tags = new ArrayList<>();
        if (request.tags() != null) {
            for (int i = 0; i < request.tags().size(); i++) {
                String tag = ContactNormalizer.text(request.tags().get(i), "tags[" + i + "]", 50, true, problems);
                if (tag != null) {
                    tags.add(tag.toLowerCase(Locale.ROOT));
                }
            }
        }
        LeadForm.DealSettings deal = deal(request.deal(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("The form has invalid fields", problems);
        }
        access.requireAssignable(ownerId, "ownerId");
        if (deal != null) {
            for (String user : deal.roundRobin() == null ? List.of(deal.ownerId()) : deal.roundRobin()) {
                access.requireAssignable(user, deal.roundRobin() == null ? "deal.owner.userId" : "deal.owner.roundRobin");
            }
        }
        byte[] secret = new byte[24];
        RANDOM.nextBytes(secret);
        String key = "lf_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        LeadForm form = mongo.insert(new LeadForm(Ids.newId(), name, hash(key), ownerId, List.copyOf(tags), true, clock.instant(),
                FormTokens.newSecret(), deal));
        return ResponseEntity.created(URI.create("/api/lead-forms/" + form.id())).body(FormResponse.of(form, key));
    }

    @GetMapping
    Map<String, List<FormResponse>> list() {
        return Map.of("items", mongo.find(new Query().with(Sort.by("_id")).limit(500), LeadForm.class).stream()
                .map(form -> FormResponse.of(form, null)).toList());
    }

    /** Disables the form: its key stops working. */
    @DeleteMapping("/{id}")
    ResponseEntity<Void> disable(@PathVariable String id) {
        if (mongo.updateFirst(Query.query(Criteria.where("_id").is(id)), Update.update("active", false), LeadForm.class)
                .getMatchedCount() == 0) {
            throw new AggregateNotFoundException("lead form", id);
        }
        return ResponseEntity.noContent().build();
    }

    private LeadForm.DealSettings deal(DealRequest request, List<FieldProblem> problems) {
        if (request == null) {
            return null;
        }
        conversion.checkTarget(request.pipelineId(), request.stageId(), "deal.", problems);
        String stageId = request.stageId() == null || request.stageId().isBlank() ? null : request.stageId().strip();
        DealOwner owner = request.owner();
        String userId = owner == null ? null : ContactNormalizer.text(owner.userId(), "deal.owner.userId", 100, false, problems);
        List<String> turns = owner == null || owner.roundRobin() == null ? null
                : owner.roundRobin().stream().filter(u -> u != null && !u.isBlank()).map(String::strip).distinct().toList();
        if ((userId == null) == (turns == null)) {
            problems.add(new FieldProblem("deal.owner", "must be either {\"userId\": ...} or {\"roundRobin\": [...]}"));
        } else if (turns != null && (turns.isEmpty() || turns.size() > MAX_ROUND_ROBIN)) {
            problems.add(new FieldProblem("deal.owner.roundRobin", "must name 1 to " + MAX_ROUND_ROBIN + " users"));
        }
        return new LeadForm.DealSettings(request.pipelineId() == null ? null : request.pipelineId().strip(), stageId,
                userId, turns);
    }

    static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
