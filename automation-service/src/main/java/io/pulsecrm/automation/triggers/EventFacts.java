package io.pulsecrm.automation.triggers;

import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

import io.pulsecrm.automation.conditions.Facts;
import io.pulsecrm.automation.conditions.FieldPath;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.MissingNode;

/**
 * {@link Facts} of one trigger event. The current record is fetched only when a condition or template reads
 * {@code record.*}, and then once. Further roots (the owner as the users directory knows them, the run) can be
 * added by the caller (computed when read).
 */
public final class EventFacts implements Facts {

    private final TriggerEvent event;
    private final Changes changes;
    private final Supplier<JsonNode> record;
    private final Map<String, Supplier<JsonNode>> roots;
    private final Clock clock;
    private JsonNode fetched;

    public EventFacts(TriggerEvent event, Changes changes, Supplier<JsonNode> record, Map<String, Supplier<JsonNode>> roots,
                      Clock clock) {
        this.event = event;
        this.changes = changes;
        this.record = record;
        this.roots = roots;
        this.clock = clock;
    }

    @Override
    public JsonNode value(FieldPath path) {
        String root = path.root();
        FieldPath rest = path.rest();
        return switch (root) {
            case "record" -> rest == null ? record() : rest.resolve(record());
            case "event" -> rest == null ? MissingNode.getInstance() : envelope(rest);
            default -> roots.containsKey(root) ? (rest == null ? roots.get(root).get() : rest.resolve(roots.get(root).get()))
                    : path.resolve(event.data());
        };
    }

    /** The current record (fetched at most once), or missing when there is none. */
    public synchronized JsonNode record() {
        if (fetched == null) {
            JsonNode value = record == null ? null : record.get();
            fetched = value == null ? MissingNode.getInstance() : value;
        }
        return fetched;
    }

    private JsonNode envelope(FieldPath attribute) {
        String value = switch (attribute.text()) {
            case "id" -> event.id();
            case "type" -> event.type();
            case "source" -> event.source();
            case "subject" -> event.subject();
            case "actor" -> event.actor();
            case "time" -> event.time() == null ? null : event.time().toString();
            case "correlationId" -> event.correlationId();
            case "causationId" -> event.causationId();
            default -> null;
        };
        return value == null ? MissingNode.getInstance() : JsonNodeFactory.instance.stringNode(value);
    }

    @Override
    public Changes changes() {
        return changes;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    public TriggerEvent event() {
        return event;
    }
}
