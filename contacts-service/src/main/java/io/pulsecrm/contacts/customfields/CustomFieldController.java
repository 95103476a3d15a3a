package io.pulsecrm.contacts.customfields;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import io.pulsecrm.contacts.contacts.ContactNormalizer;
import io.pulsecrm.platform.aggregate.AggregateNotFoundException;
import io.pulsecrm.platform.web.InvalidRequestException;
import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/custom-fields}: admins define and delete fields per object type, {@code contact} or {@code company}
 * ({@code pulse.security.admin-only}); everyone may read the definitions (forms and filters need them). Both object
 * types share one set of rules ({@link CustomFields}).
 */
@RestController
@RequestMapping(path = "/api/custom-fields", produces = MediaType.APPLICATION_JSON_VALUE)
class CustomFieldController {

    /** Body of a definition. */
    record DefinitionRequest(String objectType, String key, String label, String type, List<String> options, Boolean required) {
    }

    private final MongoTemplate mongo;
    private final CustomFields fields;
    private final Clock clock;

    CustomFieldController(MongoTemplate mongo, CustomFields fields, Clock clock) {
        this.mongo = mongo;
        this.fields = fields;
        this.clock = clock;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CustomFieldDefinition> define(@RequestBody DefinitionRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        String objectType = request.objectType() == null ? "contact" : request.objectType();
        if (!CustomFieldDefinition.OBJECT_TYPES.contains(objectType)) {
            problems.add(new FieldProblem("objectType", "must be one of " + CustomFieldDefinition.OBJECT_TYPES));
        }
        if (request.key() == null || !CustomFields.KEY.matcher(request.key()).matches()) {
            problems.add(new FieldProblem("key", "must match [a-z][a-zA-Z0-9_]{0,39}"));
        }
        String label = ContactNormalizer.text(request.label(), "label", 100, true, problems);
        if (request.type() == null || !CustomFieldDefinition.TYPES.contains(request.type())) {
            problems.add(new FieldProblem("type", "must be one of " + CustomFieldDefinition.TYPES));
        }
        boolean choice = "select".equals(request.type()) || "multi_select".equals(request.type());
        List<String> options = request.options() == null ? List.of() : List.copyOf(new LinkedHashSet<>(request.options()));
        if (choice && (options.isEmpty() || options.size() > 100 || options.stream().anyMatch(o -> o == null || o.isBlank() || o.length() > 100))) {
            problems.add(new FieldProblem("options", "must list 1 to 100 non-empty options"));
        } else if (!choice && !options.isEmpty()) {
            problems.add(new FieldProblem("options", "only select and multi_select fields have options"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("The custom field has invalid fields", problems);
        }
        CustomFieldDefinition definition = new CustomFieldDefinition(objectType + ":" + request.key(), objectType,
                request.key(), label, request.type(), options, Boolean.TRUE.equals(request.required()), clock.instant());
        try {
            mongo.insert(definition); // a second definition of the key is a DuplicateKeyException: 409
        } finally {
            fields.changed(objectType);
        }
        return ResponseEntity.created(URI.create("/api/custom-fields/" + objectType + "/" + request.key())).body(definition);
    }

    @GetMapping
    Map<String, List<CustomFieldDefinition>> list(@RequestParam(defaultValue = "contact") String objectType) {
        if (!CustomFieldDefinition.OBJECT_TYPES.contains(objectType)) {
            throw InvalidRequestException.field("objectType", "must be one of " + CustomFieldDefinition.OBJECT_TYPES);
        }
        return Map.of("items", fields.definitions(objectType));
    }

    /** Existing values stay in the records but are no longer shown as valid fields; they are dropped on the next edit. */
    @DeleteMapping("/{objectType}/{key}")
    ResponseEntity<Void> delete(@PathVariable String objectType, @PathVariable String key) {
        long removed = mongo.remove(Query.query(Criteria.where("_id").is(objectType + ":" + key)), CustomFieldDefinition.class)
                .getDeletedCount();
        fields.changed(objectType);
        if (removed == 0) {
            throw new AggregateNotFoundException("custom field", objectType + ":" + key);
        }
        return ResponseEntity.noContent().build();
    }
}
