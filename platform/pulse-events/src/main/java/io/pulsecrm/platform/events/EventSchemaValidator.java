package io.pulsecrm.platform.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * Validates emitted events against the CloudEvents envelope schema and the JSON Schema of their type.
 * Producers call it from their tests on every event they emit, so a payload change that breaks the
 * published contract fails the producer's build, not a partner's consumer.
 */
public final class EventSchemaValidator {

    private static final String ENVELOPE_SCHEMA = "pulse/schemas/cloudevent-envelope.schema.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private EventSchemaValidator() {
    }

    /** @return the violations, empty when the event conforms */
    public static List<String> violations(String cloudEventJson) {
        JsonNode event;
        try {
            event = JSON.readTree(cloudEventJson);
        } catch (IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
        List<String> problems = new java.util.ArrayList<>(describe("envelope", schema(ENVELOPE_SCHEMA).validate(event)));
        String type = event.path("type").asText();
        String resource = EventTypes.schemaResource(type);
        if (ClassLoader.getSystemResource(resource) == null
                && EventSchemaValidator.class.getClassLoader().getResource(resource) == null) {
            problems.add("no JSON Schema published for event type '" + type + "' (expected " + resource + ")");
            return problems;
        }
        if (!EventTypes.schemaUri(type).equals(event.path("dataschema").asText())) {
            problems.add("dataschema must be " + EventTypes.schemaUri(type));
        }
        problems.addAll(describe("data", schema(resource).validate(event.path("data"))));
        return problems;
    }

    /** @throws AssertionError listing every violation */
    public static void assertValid(String cloudEventJson) {
        List<String> problems = violations(cloudEventJson);
        if (!problems.isEmpty()) {
            throw new AssertionError("Event does not conform to its schema: " + problems + "\n" + cloudEventJson);
        }
    }

    private static JsonSchema schema(String resource) {
        return SCHEMAS.computeIfAbsent(resource, name -> {
            try (InputStream in = EventSchemaValidator.class.getClassLoader().getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("Schema not found on the classpath: " + name);
                }
                return FACTORY.getSchema(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static List<String> describe(String part, Set<ValidationMessage> messages) {
        return messages.stream().map(m -> part + ": " + m.getMessage()).sorted().toList();
    }
}
