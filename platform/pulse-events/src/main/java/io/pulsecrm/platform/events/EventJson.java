package io.pulsecrm.platform.events;

import java.time.Instant;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Maps {@link EventEnvelope}s to and from CloudEvents structured JSON. Reading is tolerant: unknown
 * attributes and payload fields are ignored, so producers can add fields within a version.
 */
public final class EventJson {

    static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private EventJson() {
    }

    public static String write(EventEnvelope event) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("specversion", EventEnvelope.SPEC_VERSION);
        json.put("id", event.id());
        json.put("source", event.source());
        json.put("type", event.type());
        json.put("subject", event.subject());
        json.put("time", event.time().toString());
        json.put("datacontenttype", EventEnvelope.DATA_CONTENT_TYPE);
        putIfPresent(json, "dataschema", event.dataSchema());
        putIfPresent(json, "actor", event.actor());
        putIfPresent(json, "aggregatetype", event.aggregateType());
        json.put("aggregateversion", event.aggregateVersion());
        putIfPresent(json, "correlationid", event.correlationId());
        putIfPresent(json, "causationid", event.causationId());
        putIfPresent(json, "traceparent", event.traceparent());
        json.set("data", event.data());
        return MAPPER.writeValueAsString(json);
    }

    /**
     * @throws MalformedEventException when the text is not a CloudEvent this platform can read
     */
    public static EventEnvelope read(String text) {
        JsonNode json;
        try {
            json = MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw new MalformedEventException("Event is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (json == null || !json.isObject()) {
            throw new MalformedEventException("Event is not a JSON object");
        }
        String specVersion = text(json, "specversion");
        if (!EventEnvelope.SPEC_VERSION.equals(specVersion)) {
            throw new MalformedEventException("Unsupported CloudEvents specversion: " + specVersion);
        }
        try {
            JsonNode data = json.get("data");
            return new EventEnvelope(
                    text(json, "id"),
                    text(json, "source"),
                    text(json, "type"),
                    text(json, "subject"),
                    Instant.parse(text(json, "time")),
                    text(json, "dataschema"),
                    text(json, "actor"),
                    text(json, "aggregatetype"),
                    json.path("aggregateversion").asLong(0),
                    text(json, "correlationid"),
                    text(json, "causationid"),
                    text(json, "traceparent"),
                    data == null ? MAPPER.createObjectNode() : data);
        } catch (RuntimeException e) {
            throw new MalformedEventException("Event envelope is incomplete: " + e.getMessage(), e);
        }
    }

    public static JsonNode toTree(Object payload) {
        return MAPPER.valueToTree(payload);
    }

    static <T> T convert(JsonNode data, Class<T> view) {
        try {
            return MAPPER.treeToValue(data, view);
        } catch (JacksonException e) {
            throw new MalformedEventException("Event data does not fit " + view.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    private static String text(JsonNode json, String field) {
        JsonNode node = json.get(field);
        return node == null || node.isNull() ? null : node.asString();
    }

    private static void putIfPresent(ObjectNode json, String field, String value) {
        if (value != null) {
            json.put(field, value);
        }
    }
}
