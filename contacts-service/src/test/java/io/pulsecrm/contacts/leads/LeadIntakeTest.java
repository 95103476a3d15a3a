package io.pulsecrm.contacts.leads;

import static io.pulsecrm.platform.test.EventCollector.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.pulsecrm.contacts.contacts.Contact;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.EventCollector;
import io.pulsecrm.platform.test.ServiceApiTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LeadIntakeTest extends ServiceApiTest {

    @RegisterExtension
    static final EventCollector events = EventCollector.forTopics(Contact.TOPIC);

    @Test
    void aFormWithItsKeyCreatesLeadsAndNotesKnownPeopleWithoutRevealingThem() {
        Response form = api.post("/api/lead-forms", "{\"name\":\"Pricing page\",\"ownerId\":\"user-9\",\"tags\":[\"Webinar\"]}");
        assertThat(form.status()).as(form.toString()).isEqualTo(201);
        String formId = form.json().get("id").asString();
        String key = form.json().get("key").asString();
        String submitUrl = form.json().get("submitUrl").asString();
        assertThat(api.get("/api/lead-forms").json().get("items").valueStream()
                .filter(f -> f.get("id").asString().equals(formId)).findFirst().orElseThrow().get("key").isNull()).isTrue();

        String n = Long.toString(System.nanoTime());
        String body = "{\"firstName\":\"Lee\",\"lastName\":\"Dee\",\"email\":\"lead-" + n + "@example.com\",\"message\":\"Call me\",\"marketingConsent\":true}";
        Response first = api.post(submitUrl, body, Map.of("X-Form-Key", key));
        assertThat(first.status()).as(first.toString()).isEqualTo(202);
        Response again = api.post(submitUrl, body, Map.of("X-Form-Key", key));
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.body()).isEqualTo(first.body());

        Response found = api.get("/api/contacts?q=lead-" + n);
        assertThat(found.json().get("items").size()).isEqualTo(1);
        var contact = found.json().get("items").get(0);
        assertThat(contact.get("source").asString()).isEqualTo("web_form");
        assertThat(contact.get("lifecycleStage").asString()).isEqualTo("lead");
        assertThat(contact.get("ownerId").asString()).isEqualTo("user-9");
        assertThat(contact.at("/tags/0").asString()).isEqualTo("webinar");
        assertThat(contact.at("/consent/emailMarketing").asBoolean()).isTrue();
        String id = contact.get("id").asString();
        EventEnvelope created = events.awaitEvent(ofType("pulse.contact.created.v1", id));
        assertThat(created.data().at("/contact/source").asString()).isEqualTo("web_form");

        var timeline = api.get("/api/contacts/" + id + "/timeline").json().get("items");
        assertThat(timeline.size()).isEqualTo(2);
        assertThat(timeline.get(0).get("body").asString()).contains("Pricing page", "Call me");

        assertThat(api.post(submitUrl, body, Map.of("X-Form-Key", "wrong")).status()).isEqualTo(401);
        assertThat(api.post(submitUrl, body, Map.of()).status()).isEqualTo(401);
        assertThat(api.post("/api/public/lead-forms/nope/submissions", body, Map.of("X-Form-Key", key)).status()).isEqualTo(401);
        assertThat(api.post(submitUrl, "{\"firstName\":\"X\",\"email\":\"bad\"}", Map.of("X-Form-Key", key)).status()).isEqualTo(400);
        assertThat(api.post(submitUrl, "{\"firstName\":\"X\",\"$where\":1}", Map.of("X-Form-Key", key)).status()).isEqualTo(400);

        assertThat(api.delete("/api/lead-forms/" + formId, Map.of()).status()).isEqualTo(204);
        Response disabled = api.post(submitUrl, body, Map.of("X-Form-Key", key));
        assertThat(disabled.status()).isEqualTo(401);
        assertThat(disabled.header("Content-Type")).startsWith("application/problem+json");
        assertThat(api.post("/api/lead-forms", "{}").status()).isEqualTo(400);
    }
}
