package io.pulsecrm.deals.contacts;

import java.time.Instant;

import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.Ids;
import io.pulsecrm.platform.test.TestEvents;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Events as contacts-service publishes them, for the tests of the read models deals-service keeps from them. */
final class ContactsServiceEvents {

    static final String CONTACT_TOPIC = "pulse.contacts.contact.v1";
    static final String COMPANY_TOPIC = "pulse.contacts.company.v1";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ContactsServiceEvents() {
    }

    static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    /** A contact event: the contact's id is the subject, {@code version} its aggregate version. */
    static EventEnvelope contact(String id, String type, long version, JsonNode data) {
        return envelope("contact", id, type, version, data);
    }

    static EventEnvelope company(String id, String type, long version, JsonNode data) {
        return envelope("company", id, type, version, data);
    }

    static void publish(String topic, EventEnvelope event) {
        TestEvents.publish(topic, event);
    }

    private static EventEnvelope envelope(String aggregateType, String id, String type, long version, JsonNode data) {
        return new EventEnvelope(Ids.newId(), "/pulse/contacts-service", type, id, Instant.now(),
                "urn:pulsecrm:schema:" + type, "system:test", aggregateType, version, Ids.newId(), null, null, data);
    }
}
