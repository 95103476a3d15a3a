package io.pulsecrm.platform.events;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import org.junit.jupiter.api.Test;

class EventJsonTest {

    @DomainEventType("pulse.contact.created.v1")
    record ContactCreated(Contact contact) implements DomainEvent {
    }

    record Contact(String id, String firstName, String lastName, String email, String phone, String jobTitle,
                   String createdAt, String updatedAt) {
    }

    private final EventEnvelope event = new EventEnvelope(
            Ids.newId(), "/pulse/contacts-service", "pulse.contact.created.v1", "c-1",
            Instant.parse("2026-11-22T10:15:30.123Z"), EventTypes.schemaUri("pulse.contact.created.v1"),
            "user:ada", "contact", 1, "corr-1", "req-1",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            EventJson.toTree(new ContactCreated(new Contact("c-1", "Ada", "Lovelace", "ada@example.com",
                    "+442071234567", null, "2026-11-22T10:15:30.123Z", "2026-11-22T10:15:30.123Z"))));

    @Test
    void roundTripsEveryAttributeAndTheData() {
        EventEnvelope read = EventJson.read(EventJson.write(event));

        assertThat(read).isEqualTo(event);
        assertThat(read.dataAs(ContactCreated.class).contact().firstName()).isEqualTo("Ada");
    }

    @Test
    void writtenEventsConformToTheirPublishedSchema() {
        EventSchemaValidator.assertValid(EventJson.write(event));
    }

    @Test
    void schemaValidationReportsBrokenContracts() {
        String withoutFirstName = EventJson.write(event).replace("\"firstName\":\"Ada\",", "");
        String badPhone = EventJson.write(event).replace("+442071234567", "020 7123 4567");
        String unknownType = EventJson.write(event).replace("pulse.contact.created.v1\",\"subject",
                "pulse.contact.teleported.v1\",\"subject");

        assertThat(EventSchemaValidator.violations(withoutFirstName)).anyMatch(v -> v.contains("firstName"));
        assertThat(EventSchemaValidator.violations(badPhone)).anyMatch(v -> v.contains("phone"));
        assertThat(EventSchemaValidator.violations(unknownType)).anyMatch(v -> v.contains("no JSON Schema"));
    }

    @Test
    void aPartnerUsingTheCloudEventsSdkCanReadOurEvents() {
        byte[] bytes = EventJson.write(event).getBytes(UTF_8);
        CloudEvent parsed = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE).deserialize(bytes);

        assertThat(parsed.getId()).isEqualTo(event.id());
        assertThat(parsed.getType()).isEqualTo("pulse.contact.created.v1");
        assertThat(parsed.getSubject()).isEqualTo("c-1");
        assertThat(parsed.getExtension("actor")).isEqualTo("user:ada");
        assertThat(parsed.getExtension("correlationid")).isEqualTo("corr-1");
        assertThat(new String(parsed.getData().toBytes(), UTF_8)).contains("\"firstName\":\"Ada\"");
    }

    @Test
    void readingIgnoresAttributesAndFieldsAddedLater() {
        String withAdditions = EventJson.write(event)
                .replace("\"specversion\":\"1.0\"", "\"specversion\":\"1.0\",\"newattribute\":\"x\"")
                .replace("\"firstName\":\"Ada\"", "\"firstName\":\"Ada\",\"nickname\":\"Countess\"");

        EventEnvelope read = EventJson.read(withAdditions);

        assertThat(read.dataAs(ContactCreated.class).contact().firstName()).isEqualTo("Ada");
    }

    @Test
    void rejectsTextThatIsNotACloudEvent() {
        assertThatThrownBy(() -> EventJson.read("{not json")).isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> EventJson.read("[1,2]")).isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> EventJson.read("{\"specversion\":\"0.3\"}"))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("specversion");
        assertThatThrownBy(() -> EventJson.read("{\"specversion\":\"1.0\",\"id\":\"x\"}"))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("incomplete");
    }

    @Test
    void eventTypesComeFromTheAnnotationAndFollowTheNamingRule() {
        assertThat(DomainEvent.typeOf(ContactCreated.class)).isEqualTo("pulse.contact.created.v1");
        assertThatThrownBy(() -> EventTypes.requireValid("contact.created")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventTypes.requireValid("pulse.contact.created.v0")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void idsAreValidUuidsThatSortByCreationTime() {
        List<String> ids = new ArrayList<>();
        for (long millis = 1_700_000_000_000L; millis < 1_700_000_000_050L; millis++) {
            ids.add(Ids.uuidV7(millis).toString());
        }
        assertThat(ids).isSorted().allMatch(Ids::isValid);
        assertThat(Ids.newId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(Ids.isValid("not-an-id")).isFalse();
    }
}
