package io.pulsecrm.contacts.timeline;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.pulsecrm.contacts.companies.Company;
import io.pulsecrm.contacts.contacts.Contact;
import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.consumer.IdempotentConsumer;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventJson;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Adds other services' events to the timelines: tasks completed ({@code pulse.task.completed.v1}: data.contactId,
 * data.companyId, data.task.title) and deals created, moved, won or lost (read tolerantly: the event's subject, the
 * deal id, becomes the entry's sourceId and the deal's title its subject; contacts come from
 * data.deal.contacts[].contactId, data.deal.contactIds or data.contacts, the company from data.deal.companyId or
 * data.companyId), files attached to or removed from deals (the file's name as the detail), contacts and
 * companies (this service's own events; the file's name as the subject), and documents generated or emailed for
 * a deal (outcome: the document's name and number, and the address it went to). Each event has its effect once
 * ({@link IdempotentConsumer}), and the entry id is derived from the event id, so even a takeover after a crash
 * cannot add it twice. Events naming no contact or company are skipped.
 */
@Component
class TimelineProjector {

    static final String TASKS_TOPIC = "pulse.tasks.task.v1";
    static final String DEALS_TOPIC = "pulse.deals.deal.v1";

    private final AggregateStore store;
    private final IdempotentConsumer consumer;
    private final Clock clock;

    TimelineProjector(AggregateStore store, IdempotentConsumer consumer, Clock clock) {
        this.store = store;
        this.consumer = consumer;
        this.clock = clock;
    }

    @KafkaListener(topics = TASKS_TOPIC, id = "contacts-timeline-tasks", idIsGroup = false)
    void onTaskEvent(String record) {
        EventEnvelope event = EventJson.read(record);
        if (!"pulse.task.completed.v1".equals(event.type())) {
            return;
        }
        JsonNode data = event.data();
        List<String> contacts = ids(text(data, "/contactId"), text(data, "/task/contactId"));
        List<String> companies = ids(text(data, "/companyId"), text(data, "/task/companyId"));
        String title = first(text(data, "/task/title"), "Task completed");
        add(event, "task_completed", contacts, companies, title, text(data, "/outcome"), "task");
    }

    @KafkaListener(topics = DEALS_TOPIC, id = "contacts-timeline-deals", idIsGroup = false)
    void onDealEvent(String record) {
        EventEnvelope event = EventJson.read(record);
        String kind = switch (event.type()) {
            case "pulse.deal.created.v1" -> "deal_created";
            case "pulse.deal.stage_changed.v1" -> "deal_stage_changed";
            case "pulse.deal.won.v1" -> "deal_won";
            case "pulse.deal.lost.v1" -> "deal_lost";
            case "pulse.deal.file_attached.v1" -> "deal_file_attached";
            case "pulse.deal.file_removed.v1" -> "deal_file_removed";
            case "pulse.deal.document_generated.v1" -> "deal_document_generated";
            case "pulse.deal.document_sent.v1" -> "deal_document_sent";
            default -> null;
        };
        if (kind == null) {
            return;
        }
        JsonNode data = event.data();
        Set<String> contacts = new LinkedHashSet<>();
        for (String path : new String[] {"/deal/contacts", "/deal/contactIds", "/contacts", "/contactIds"}) {
            JsonNode list = data.at(path);
            if (list.isArray()) {
                for (JsonNode item : list) {
                    String id = item.isString() ? item.asString() : first(text(item, "/contactId"), text(item, "/id"));
                    if (id != null && !id.isBlank()) {
                        contacts.add(id);
                    }
                }
            }
        }
        contacts.addAll(ids(text(data, "/deal/contactId"), text(data, "/contactId")));
        List<String> companies = ids(text(data, "/deal/companyId"), text(data, "/companyId"));
        String title = first(text(data, "/deal/title"), first(text(data, "/deal/name"), "Deal"));
        String detail = switch (kind) {
            case "deal_stage_changed" -> first(text(data, "/newStage"), text(data, "/deal/stage"));
            case "deal_lost" -> first(text(data, "/reason"), text(data, "/deal/lostReason"));
            case "deal_file_attached", "deal_file_removed" -> text(data, "/file/filename");
            // the document as named and numbered on it (Quote 2026-0007), and where it was emailed
            case "deal_document_generated" -> documentName(data);
            case "deal_document_sent" -> documentName(data) + " → " + first(text(data, "/to"), "");
            default -> null;
        };
        add(event, kind, new ArrayList<>(contacts), companies, title, detail, "deal");
    }

    /** Files attached to or removed from a contact or a company: the file's name is the entry's subject. */
    @KafkaListener(topics = {Contact.TOPIC, Company.TOPIC}, id = "contacts-timeline-files", groupId = "${spring.application.name}-timeline-files")
    void onRecordEvent(String record) {
        EventEnvelope event = EventJson.read(record);
        String kind = switch (event.type()) {
            case "pulse.contact.file_attached.v1", "pulse.company.file_attached.v1" -> "file_attached";
            case "pulse.contact.file_removed.v1", "pulse.company.file_removed.v1" -> "file_removed";
            default -> null;
        };
        if (kind == null) {
            return;
        }
        JsonNode data = event.data();
        add(event, kind, ids(text(data, "/contactId")), ids(text(data, "/companyId")), text(data, "/file/filename"),
                null, "file", text(data, "/file/id"));
    }

    private String documentName(JsonNode data) {
        return (first(text(data, "/document/name"), "") + " " + first(text(data, "/document/number"), "")).strip();
    }

    private void add(EventEnvelope event, String kind, List<String> contacts, List<String> companies, String subject,
                     String outcome, String sourceType) {
        add(event, kind, contacts, companies, subject, outcome, sourceType, event.subject());
    }

    private void add(EventEnvelope event, String kind, List<String> contacts, List<String> companies, String subject,
                     String outcome, String sourceType, String sourceId) {
        if (contacts.isEmpty() && companies.isEmpty()) {
            return;
        }
        consumer.handleOnce("contacts-timeline", event, () -> {
            try {
                store.save(TimelineEntry.fromEvent(event.id(), kind, contacts, companies, event.time(), subject,
                        outcome, sourceType, sourceId, clock.instant()));
            } catch (DuplicateKeyException e) {
                // already added by an earlier attempt that died before marking the event done
            }
        });
    }

    private static List<String> ids(String... values) {
        Set<String> ids = new LinkedHashSet<>();
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                ids.add(value);
            }
        }
        return new ArrayList<>(ids);
    }

    private static String text(JsonNode node, String pointer) {
        JsonNode value = node.at(pointer);
        return value.isString() ? value.asString() : null;
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }
}
