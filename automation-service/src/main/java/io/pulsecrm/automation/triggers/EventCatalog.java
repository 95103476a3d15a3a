package io.pulsecrm.automation.triggers;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The event types rules may trigger on: every published type (a JSON Schema in platform/pulse-events) of the
 * aggregates whose topics automation consumes.
 */
public final class EventCatalog {

    /** Aggregate type to the topic its events are on; the topics the trigger listener consumes. */
    public static final Map<String, String> TOPICS = Map.of(
            "contact", "pulse.contacts.contact.v1",
            "company", "pulse.contacts.company.v1",
            "activity", "pulse.contacts.activity.v1",
            "deal", "pulse.deals.deal.v1",
            "task", "pulse.tasks.task.v1");

    private final Set<String> types;

    /** @param published every event type with a published schema; only those of {@link #TOPICS}' aggregates are kept */
    public EventCatalog(Iterable<String> published) {
        Set<String> supported = new TreeSet<>();
        for (String type : published) {
            if (TOPICS.containsKey(TriggerEvent.aggregateOf(type))) {
                supported.add(type);
            }
        }
        this.types = java.util.Collections.unmodifiableSet(supported);
    }

    public boolean supports(String type) {
        return types.contains(type);
    }

    public Set<String> types() {
        return types;
    }

    public static List<String> topics() {
        return List.copyOf(new TreeSet<>(TOPICS.values()));
    }

    /** The record type actions act on for events of this type: the aggregate, or contact for activities. */
    public static String recordTypeOf(String eventType) {
        String aggregate = TriggerEvent.aggregateOf(eventType);
        return "activity".equals(aggregate) ? "contact" : aggregate;
    }
}
