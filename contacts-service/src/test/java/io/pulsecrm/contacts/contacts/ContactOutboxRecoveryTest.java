package io.pulsecrm.contacts.contacts;

import static io.pulsecrm.platform.test.EventCollector.ofType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import io.pulsecrm.contacts.ContactsApplication;
import io.pulsecrm.platform.events.EventSchemaValidator;
import io.pulsecrm.platform.outbox.OutboxRelay;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.EventCollector;
import io.pulsecrm.platform.test.PulseInfrastructure;
import io.pulsecrm.platform.test.TestIdentity;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;

/** No lost events: a change stored with its event, whose process dies before publishing, is published after restart. */
@PulseInfrastructure
class ContactOutboxRecoveryTest {

    @Test
    void anEventStoredButNotPublishedWhenTheProcessDiesIsPublishedByTheNextProcess() throws Exception {
        try (EventCollector events = EventCollector.listen(Contact.TOPIC)) {
            String id;
            try (ConfigurableApplicationContext dying = startService()) {
                // the process dies right after the write: its relay never gets to publish
                dying.getBean(OutboxRelay.class).destroy();
                ApiClient.Response created = api(dying).post("/api/contacts", "{\"firstName\":\"Crash\",\"lastName\":\"Survivor\"}");
                assertThat(created.status()).isEqualTo(201);
                id = created.json().get("id").asString();
                assertThat(pendingEvents(dying, id)).hasSize(1);
            }

            try (ConfigurableApplicationContext restarted = startService()) {
                var published = events.awaitEvent(ofType("pulse.contact.created.v1", id), Duration.ofSeconds(30));
                assertThat(published.data().at("/contact/lastName").asString()).isEqualTo("Survivor");
                await().atMost(Duration.ofSeconds(10)).until(() -> pendingEvents(restarted, id).isEmpty());
            }
            assertThat(events.records()).filteredOn(record -> id.equals(record.key()))
                    .hasSize(1)
                    .allSatisfy(record -> EventSchemaValidator.assertValid(record.value()));
        }
    }

    private static ConfigurableApplicationContext startService() {
        return new SpringApplicationBuilder(ContactsApplication.class)
                .profiles("test")
                .run("--server.port=0");
    }

    private static ApiClient api(ConfigurableApplicationContext context) {
        return ApiClient.localhost(((WebServerApplicationContext) context).getWebServer().getPort()).as(TestIdentity.ADMIN);
    }

    private static List<Document> pendingEvents(ConfigurableApplicationContext context, String id) {
        Document contact = context.getBean(MongoTemplate.class).getCollection(Contact.COLLECTION)
                .find(new Document("_id", id)).first();
        return contact == null ? List.of() : contact.getList("outbox", Document.class, List.of());
    }
}
