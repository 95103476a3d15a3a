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

    record FormRequest(String name, String ownerId, List<String> tags) {
    }

    /** A form as listed; {@code key} is only present in the creation response. */
    record FormResponse(String id, String name, String ownerId, List<String> tags, boolean active, Instant createdAt,
                        String key, String submitUrl) {

        static FormResponse of(LeadForm form, String key) {
            return new FormResponse(form.id(), form.name(), form.ownerId(), form.tags(), form.active(), form.createdAt(),
                    key, "/api/public/lead-forms/" + form.id() + "/submissions");
        }
    }

    private final MongoTemplate mongo;
    private final RecordAccess access;
    private final Clock clock;

    LeadFormController(MongoTemplate mongo, RecordAccess access, Clock clock) {
        this.mongo = mongo;
        this.access = access;
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
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("The form has invalid fields", problems);
        }
        access.requireAssignable(ownerId, "ownerId");
        byte[] secret = new byte[24];
        RANDOM.nextBytes(secret);
        String key = "lf_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        LeadForm form = mongo.insert(new LeadForm(Ids.newId(), name, hash(key), ownerId, List.copyOf(tags), true, clock.instant(),
                FormTokens.newSecret()));
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

    static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
