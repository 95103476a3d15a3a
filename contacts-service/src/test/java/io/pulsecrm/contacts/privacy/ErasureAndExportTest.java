package io.pulsecrm.contacts.privacy;

import static io.pulsecrm.platform.test.EventCollector.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.pulsecrm.contacts.contacts.Contact;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventSchemaValidator;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.EventCollector;
import io.pulsecrm.platform.test.ServiceApiTest;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

class ErasureAndExportTest extends ServiceApiTest {

    @RegisterExtension
    static final EventCollector events = EventCollector.forTopics(Contact.TOPIC);

    @Autowired
    MongoTemplate mongo;

    @Test
    void erasureRemovesEveryPersonalFieldForGoodAndIsRepeatable() {
        String n = Long.toString(System.nanoTime());
        Response created = api.post("/api/contacts", """
                {"firstName":"Erin","lastName":"Erase%1$s","email":"erin-%1$s@example.com","phone":"+44 20 7126 0001",
                 "address":{"city":"Leeds"},"tags":["gdpr"],"birthday":"1990-01-01"}""".formatted(n));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(api.post("/api/contacts/" + id + "/timeline", "{\"type\":\"note\",\"body\":\"Private remark\"}").status()).isEqualTo(201);

        assertThat(api.post("/api/contacts/" + id + "/erase", null).status()).isEqualTo(204);
        assertThat(api.post("/api/contacts/" + id + "/erase", null).status()).isEqualTo(204); // repeatable
        assertThat(api.get("/api/contacts/" + id).status()).isEqualTo(404);
        assertThat(api.post("/api/contacts/nope/erase", null).status()).isEqualTo(404);

        EventEnvelope erased = events.awaitEvent(ofType("pulse.contact.erased.v1", id));
        assertThat(erased.data().get("contactId").asString()).isEqualTo(id);
        assertThat(erased.data().toString()).doesNotContain("erin", "Erase");
        assertThat(events.events()).filteredOn(e -> e.subject().equals(id) && e.type().equals("pulse.contact.erased.v1")).hasSize(1);
        assertThat(events.records()).filteredOn(r -> id.equals(r.key()))
                .allSatisfy(r -> EventSchemaValidator.assertValid(r.value()));

        Document stored = mongo.getCollection(Contact.COLLECTION).find(new Document("_id", id)).first();
        String json = stored.toJson();
        assertThat(json).doesNotContain("erin-" + n, "Erase" + n, "Leeds", "442071260001", "gdpr", "1990");
        assertThat(mongo.getCollection("timeline").countDocuments(new Document("contactIds", id))).isZero();
        // the email is free again: no duplicate warning against an erased person
        assertThat(api.post("/api/contacts", "{\"firstName\":\"New\",\"email\":\"erin-" + n + "@example.com\"}").status()).isEqualTo(201);
    }

    @Test
    void exportStreamsTheFilteredContactsAsCsv() {
        String n = Long.toString(System.nanoTime());
        String tag = "export-" + n;
        api.post("/api/contacts", "{\"firstName\":\"Comma, Quote \\\"Q\\\"\",\"lastName\":\"=HYPERLINK(1)\",\"email\":\"csv1-" + n
                + "@example.com\",\"tags\":[\"" + tag + "\",\"b\"],\"address\":{\"city\":\"Köln\",\"country\":\"DE\"}}");
        api.post("/api/contacts", "{\"firstName\":\"Plain\",\"phone\":\"+44 20 7126 0002\",\"tags\":[\"" + tag + "\"]}");
        api.post("/api/contacts", "{\"firstName\":\"Elsewhere\"}");

        Response csv = api.get("/api/contacts/export?tag=" + tag);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        assertThat(csv.header("Content-Disposition")).contains("contacts.csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("\uFEFFid,firstName,lastName,email,phone"); // a byte order mark: Excel reads UTF-8
        assertThat(lines.get(1)).contains("\"Comma, Quote \"\"Q\"\"\"", "'=HYPERLINK(1)", "csv1-" + n + "@example.com",
                tag + ";b", "Köln", ",DE,");
        assertThat(lines.get(2)).contains("Plain", "+442071260002").doesNotContain("'+44");
        assertThat(csv.body()).doesNotContain("Elsewhere");

        Response bad = api.get("/api/contacts/export?cf.nothing=1");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.header("Content-Type")).startsWith("application/problem+json");
        assertThat(api.get("/api/contacts/export?limit=5").status()).isEqualTo(200);
        assertThat(Map.of()).isEmpty();
    }
}
