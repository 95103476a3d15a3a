package io.pulsecrm.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.ApiClient.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue #4's promises through the gateway against the real contacts- and deals-service: the contact base with
 * companies and custom fields, the timeline fed by other services, search and export, CSV import, the public lead
 * form, merge and GDPR erasure. Every test works on records named by its own marker, so tests share the platform.
 */
class ContactsThroughGatewayTest {

    /** Kafka hops and the import worker (it polls every second) on a busy machine. */
    private static final Duration ARRIVES = Duration.ofSeconds(60);
    /** Polls stay well within the gateway's per-user budget, which other test classes share. */
    private static final Duration POLL = Duration.ofMillis(300);
    private static E2ePlatform platform;

    @BeforeAll
    static void startPlatform() {
        platform = E2ePlatform.shared();
    }

    @Test
    void contactsAndCompaniesAreNormalisedValidatedDeduplicatedAndLinked() {
        String m = unique();
        ApiClient admin = platform.as("alex");
        ApiClient ada = platform.as("ada");
        String tier = "tier" + m;
        String renewal = "renewal" + m;
        assertThat(ada.post("/api/custom-fields", definition(tier, "select", "[\"gold\",\"silver\"]")).status())
                .as("custom fields are configuration: admins only").isEqualTo(403);
        created(admin.post("/api/custom-fields", definition(tier, "select", "[\"gold\",\"silver\"]")));
        created(admin.post("/api/custom-fields", definition(renewal, "date", null)));

        JsonNode company = created(ada.post("/api/companies",
                "{\"name\":\"Acme " + m + "\",\"domain\":\"https://www." + m + ".example/pricing\",\"size\":\"11-50\"}"));
        assertThat(company.get("domain").asString()).isEqualTo(m + ".example");
        String companyId = company.get("id").asString();

        Phone phone = Phone.random();
        Response response = ada.post("/api/contacts", """
                {"firstName":"Émilie","lastName":"Dûpont%1$s","email":"Emilie.%1$s@E2E.example","phone":"%2$s",
                 "companyId":"%3$s","customFields":{"%4$s":"gold","%5$s":"2027-03-31"}}"""
                .formatted(m, phone.national(), companyId, tier, renewal));
        JsonNode contact = created(response);
        String id = contact.get("id").asString();
        assertThat(contact.get("phone").asString()).as("national format in, E.164 out").isEqualTo(phone.e164());
        assertThat(contact.get("email").asString()).isEqualTo("emilie." + m + "@e2e.example");
        assertThat(contact.get("ownerId").asString()).isEqualTo("ada");
        assertThat(contact.get("source").asString()).isEqualTo("api");
        assertThat(contact.at("/customFields/" + tier).asString()).isEqualTo("gold");
        assertThat(contact.at("/customFields/" + renewal).asString()).isEqualTo("2027-03-31");
        assertThat(response.header("ETag")).isEqualTo(etag(contact));

        String valid = "\"firstName\":\"Val\",\"lastName\":\"Id" + m + "\"";
        assertInvalid(ada.post("/api/contacts", "{" + valid + ",\"phone\":\"12\"}"), "phone");
        assertInvalid(ada.post("/api/contacts", "{" + valid + ",\"email\":\"not-an-email\"}"), "email");
        assertInvalid(ada.post("/api/contacts", "{" + valid + ",\"customFields\":{\"nope" + m + "\":\"x\"}}"),
                "customFields.nope" + m);
        assertInvalid(ada.post("/api/contacts", "{" + valid + ",\"customFields\":{\"" + renewal + "\":\"31/03/2027\"}}"),
                "customFields." + renewal);
        assertInvalid(ada.post("/api/contacts", "{" + valid + ",\"customFields\":{\"" + tier + "\":\"platinum\"}}"),
                "customFields." + tier);
        assertThat(ids(ada.get("/api/contacts?q=id" + m))).as("nothing invalid was stored").isEmpty();

        Response duplicate = ada.post("/api/contacts",
                "{\"firstName\":\"Emily\",\"lastName\":\"Other\",\"email\":\"EMILIE." + m + "@e2e.example\"}");
        assertProblem(duplicate, 409, "possible-duplicate");
        assertThat(duplicate.json().get("candidates").valueStream()
                .map(c -> c.get("id").asString() + "/" + c.get("matchedOn").asString()).toList())
                .containsExactly(id + "/email");

        Response changed = ada.patch("/api/contacts/" + id, "{\"jobTitle\":\"Buyer\",\"customFields\":{\"" + tier + "\":\"silver\"}}",
                Map.of("If-Match", etag(contact)));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.json().at("/customFields/" + renewal).asString()).as("custom fields merge key by key")
                .isEqualTo("2027-03-31");
        // contacts-service answers a stale version with 409 version-conflict (and a missing one with 428), not 412
        Response stale = ada.patch("/api/contacts/" + id, "{\"jobTitle\":\"Lost update\"}", Map.of("If-Match", etag(contact)));
        assertProblem(stale, 409, "version-conflict");
        assertProblem(ada.patch("/api/contacts/" + id, "{\"jobTitle\":\"Blind\"}", Map.of()), 428, "precondition-required");
        JsonNode current = ada.get("/api/contacts/" + id).json();
        assertThat(current.get("jobTitle").asString()).isEqualTo("Buyer");
        assertThat(current.at("/customFields/" + tier).asString()).isEqualTo("silver");

        assertThat(ids(ada.get("/api/companies/" + companyId + "/contacts"))).containsExactly(id);
        assertThat(ids(ada.get("/api/contacts?cf." + tier + "=silver"))).containsExactly(id);
        assertThat(ids(ada.get("/api/contacts?cf." + tier + "=gold"))).isEmpty();
        assertThat(platform.as("cleo").get("/api/companies/" + companyId + "/contacts").status())
                .as("another team's rep does not see ada's company").isEqualTo(404);
    }

    @Test
    void theTimelineShowsLoggedActivitiesAndDealsFromDealsServiceNewestFirst() {
        String m = unique();
        ApiClient ada = platform.as("ada");
        String companyId = created(ada.post("/api/companies", "{\"name\":\"Timeline " + m + "\"}")).get("id").asString();
        String id = created(ada.post("/api/contacts", """
                {"firstName":"Tim","lastName":"Line%1$s","email":"tim.%1$s@e2e.example","companyId":"%2$s"}"""
                .formatted(m, companyId))).get("id").asString();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        JsonNode call = created(ada.post("/api/contacts/" + id + "/timeline", """
                {"type":"call","occurredAt":"%s","direction":"outbound","durationSeconds":240,"outcome":"connected",
                 "recordingUrl":"https://recordings.example/%s"}""".formatted(now.minus(2, ChronoUnit.HOURS), m)));
        assertThat(call.get("type").asString()).isEqualTo("call");
        assertThat(call.get("durationSeconds").asInt()).isEqualTo(240);
        created(ada.post("/api/contacts/" + id + "/timeline",
                "{\"type\":\"note\",\"occurredAt\":\"" + now.minus(1, ChronoUnit.HOURS) + "\",\"body\":\"Wants a demo " + m + "\"}"));
        assertInvalid(ada.post("/api/contacts/" + id + "/timeline", "{\"type\":\"note\",\"body\":\"x\",\"durationSeconds\":5}"),
                "durationSeconds");

        JsonNode pipeline = created(platform.as("alex").post("/api/pipelines", """
                {"name":"E2E contacts %s","lostReasons":["Price"],"stages":[
                  {"name":"Lead","probability":10},{"name":"Won","kind":"won"},{"name":"Lost","kind":"lost"}]}""".formatted(m)));
        String dealId = created(ada.post("/api/deals", """
                {"title":"Deal %s","pipelineId":"%s","companyId":"%s","contacts":[{"contactId":"%s","role":"decision_maker"}]}"""
                .formatted(m, pipeline.get("id").asString(), companyId, id))).get("id").asString();

        // deals-service publishes pulse.deal.created.v1; contacts-service's projector puts it on the timeline
        List<JsonNode> timeline = await().atMost(ARRIVES).pollInterval(POLL)
                .until(() -> items(ada.get("/api/contacts/" + id + "/timeline")), entries -> entries.size() == 3);
        assertThat(timeline).extracting(entry -> entry.get("type").asString())
                .as("newest first").containsExactly("deal_created", "note", "call");
        JsonNode deal = timeline.getFirst();
        assertThat(deal.get("sourceType").asString()).isEqualTo("deal");
        assertThat(deal.get("sourceId").asString()).isEqualTo(dealId);
        assertThat(deal.get("subject").asString()).isEqualTo("Deal " + m);
        assertThat(timeline.get(1).get("body").asString()).isEqualTo("Wants a demo " + m);

        List<JsonNode> companyTimeline = items(ada.get("/api/companies/" + companyId + "/timeline"));
        assertThat(companyTimeline).extracting(entry -> entry.get("type").asString())
                .as("the contact's activities and the deal are on its company's timeline too")
                .containsExactly("deal_created", "note", "call");
        assertThat(platform.as("cleo").get("/api/contacts/" + id + "/timeline").status())
                .as("a timeline follows its contact's visibility").isEqualTo(404);
    }

    @Test
    void searchIsAccentAndCaseInsensitiveAndTheFilteredListExportsAsCsvAlsoAsASharedSegment() {
        String m = unique();
        ApiClient ada = platform.as("ada");
        String companyId = created(ada.post("/api/companies", "{\"name\":\"Ødegaard Søk " + m + "\"}")).get("id").asString();
        Phone phone = Phone.random();
        JsonNode contact = created(ada.post("/api/contacts", """
                {"firstName":"Zoë","lastName":"Ångström%1$s","email":"zoe.%1$s@e2e.example","phone":"%2$s",
                 "companyId":"%3$s","tags":["VIP-%1$s"]}""".formatted(m, phone.national(), companyId)));
        String id = contact.get("id").asString();
        String other = created(ada.post("/api/contacts",
                "{\"firstName\":\"Zora\",\"lastName\":\"Other" + m + "\",\"email\":\"zora." + m + "@e2e.example\"}"))
                .get("id").asString();

        assertThat(ids(ada.get("/api/contacts?q=" + query("ANGSTROM" + m.toUpperCase())))).containsExactly(id);
        assertThat(ids(ada.get("/api/contacts?q=" + query("zoe angström" + m)))).containsExactly(id);
        assertThat(ids(ada.get("/api/contacts?q=" + query("ångstrom" + m + " ZO")))).as("last name first").containsExactly(id);
        assertThat(ids(ada.get("/api/contacts?q=" + query("odegaard søk " + m)))).as("by its company's name")
                .containsExactly(id);
        assertThat(ids(ada.get("/api/contacts?q=" + query(phone.e164().substring(0, 9) + " " + phone.e164().substring(9)))))
                .as("by the phone's digits").contains(id);
        assertThat(ids(ada.get("/api/contacts?q=" + query("zo") + "&tag=vip-" + m))).containsExactly(id);
        assertThat(ids(ada.get("/api/contacts?q=" + query("zora." + m)))).containsExactly(other);

        Response csv = ada.get("/api/contacts/export?tag=vip-" + m);
        assertThat(csv.status()).as(csv.toString()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.getFirst()).startsWith("\uFEFFid,firstName,lastName,email,phone,");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).startsWith(id + ",Zoë,Ångström" + m + ",zoe." + m + "@e2e.example," + phone.e164() + ",")
                .contains("vip-" + m, companyId);

        List<String> exported = ada.get("/api/contacts/export?q=" + query("zo") + "&companyId=" + companyId).body().lines()
                .skip(1).map(line -> line.substring(0, line.indexOf(','))).toList();
        assertThat(exported).containsExactly(id);
        assertThat(platform.as("cleo").get("/api/contacts/export?tag=vip-" + m).body().lines().count())
                .as("an export holds only what the caller sees: the header").isEqualTo(1);

        // the same filter saved as a segment shared with ada's team: evaluated, counted and exported for a teammate
        JsonNode segment = created(ada.post("/api/segments",
                "{\"name\":\"VIP " + m + "\",\"sharing\":\"team\",\"filter\":{\"tag\":\"vip-" + m + "\"}}"));
        String segmentPath = "/api/segments/" + segment.get("id").asString();
        ApiClient maria = platform.as("maria");
        assertThat(ids(maria.get(segmentPath + "/contacts"))).containsExactly(id);
        assertThat(maria.get(segmentPath + "/count").json().get("count").asLong()).isEqualTo(1);
        assertThat(maria.get(segmentPath + "/export").body().lines().skip(1).map(line -> line.substring(0, line.indexOf(',')))
                .toList()).containsExactly(id);
        assertProblem(platform.as("cleo").get(segmentPath + "/contacts"), 404, "not-found"); // another team
        assertInvalid(ada.post("/api/segments", "{\"name\":\"Bad " + m + "\",\"filter\":{\"nope\":\"x\"}}"),
                "filter.nope");
    }

    @Test
    void aCsvImportReportsBadRowsAndDuplicatesPerRowWithoutAbortingAndCreatesTheRest() {
        String m = unique();
        ApiClient ada = platform.as("ada");
        String existing = created(ada.post("/api/contacts",
                "{\"firstName\":\"Dora\",\"lastName\":\"Known" + m + "\",\"email\":\"dup." + m + "@e2e.example\"}"))
                .get("id").asString();
        Phone phone = Phone.random();
        String file = String.join("\r\n",
                "First Name,Last Name,E-mail,Phone",
                "Ines,Imp" + m + ",ines." + m + "@e2e.example," + phone.national(),   // row 2: created
                "Bad,Imp" + m + ",bad\"quote@e2e.example,",                           // row 3: malformed
                "Dup,Imp" + m + ",DUP." + m + "@e2e.example,",                        // row 4: duplicate of a contact
                "Only,Two",                                                           // row 5: wrong column count
                "Phil,Imp" + m + ",phil." + m + "@e2e.example,not-a-phone",           // row 6: created, phone unverified
                "Olga,Imp" + m + ",olga." + m + "@e2e.example,",                      // row 7: created
                "Ines,Again" + m + ",Ines." + m + "@E2E.example,") + "\r\n";          // row 8: same as row 2

        Response upload = ada.send("POST", "/api/imports?fileName=e2e-" + m + ".csv", file, Map.of("Content-Type", "text/csv"));
        JsonNode job = created(upload);
        assertThat(job.get("status").asString()).isEqualTo("uploaded");
        assertThat(job.get("columns").valueStream().map(JsonNode::asString).toList())
                .containsExactly("First Name", "Last Name", "E-mail", "Phone");
        String path = "/api/imports/" + job.get("id").asString();

        assertThat(ada.post(path + "/dry-run", "{}").status()).isEqualTo(202);
        JsonNode validated = awaitImport(ada, path, "validated");
        assertCounts(validated, 7, 3, 2, 2);
        Map<Long, JsonNode> dryRunErrors = byRow(validated);
        assertThat(dryRunErrors.keySet()).containsExactlyInAnyOrder(3L, 4L, 5L, 8L);
        assertThat(dryRunErrors.get(3L).get("message").asString()).startsWith("malformed row");
        assertThat(dryRunErrors.get(4L).get("field").asString()).isEqualTo("email");
        assertThat(dryRunErrors.get(4L).get("message").asString()).contains("duplicate of contact " + existing);
        assertThat(dryRunErrors.get(5L).get("message").asString()).contains("columns");
        // a phone that cannot be read does not sink its row: kept as entered, unverified, and said so
        assertThat(validated.get("warnings").valueStream().map(w -> w.get("row").asLong() + " " + w.get("field").asString()))
                .containsExactly("6 phone");
        assertThat(dryRunErrors.get(8L).get("message").asString()).contains("row 2 of this file");
        assertThat(ids(ada.get("/api/contacts?q=imp" + m))).as("a dry run creates nothing").isEmpty();

        assertThat(ada.post(path + "/run", "{}").status()).isEqualTo(202);
        JsonNode completed = awaitImport(ada, path, "completed");
        assertCounts(completed, 7, 3, 2, 2);
        assertThat(byRow(completed).keySet()).containsExactlyInAnyOrder(3L, 4L, 5L, 8L);
        assertThat(completed.get("createdBy").asString()).isEqualTo("ada");

        List<JsonNode> imported = items(ada.get("/api/contacts?q=imp" + m + "&sort=lastName"));
        assertThat(imported).extracting(c -> c.get("firstName").asString()).containsExactlyInAnyOrder("Ines", "Olga", "Phil");
        JsonNode phil = imported.stream().filter(c -> c.get("firstName").asString().equals("Phil")).findFirst().orElseThrow();
        assertThat(phil.get("phone").asString()).isEqualTo("not-a-phone");
        assertThat(phil.get("phoneUnverified").asBoolean()).isTrue();
        JsonNode ines = imported.stream().filter(c -> c.get("firstName").asString().equals("Ines")).findFirst().orElseThrow();
        assertThat(ines.get("phone").asString()).isEqualTo(phone.e164());
        assertThat(ines.get("source").asString()).isEqualTo("import");
        assertThat(ines.get("ownerId").asString()).isEqualTo("ada");
        assertThat(ids(ada.get("/api/contacts?q=" + query("olga." + m)))).hasSize(1);
        assertThat(ids(ada.get("/api/contacts?q=dup." + m))).as("the duplicate row added nothing").containsExactly(existing);
        assertThat(ada.post(path + "/run", "{}").status()).as("a finished import cannot run again").isEqualTo(409);
        assertThat(platform.as("bob").get(path).status()).as("an import is its uploader's").isEqualTo(404);
    }

    @Test
    void aPublicLeadFormCreatesOneLeadPerPersonAndIgnoresBotsAndWrongKeys() {
        String m = unique();
        assertThat(platform.as("ada").post("/api/lead-forms", "{\"name\":\"Nope\"}").status()).isEqualTo(403);
        JsonNode form = created(platform.as("alex").post("/api/lead-forms",
                "{\"name\":\"Pricing " + m + "\",\"ownerId\":\"ada\",\"tags\":[\"Web-" + m + "\"]}"));
        String key = form.get("key").asString();
        String submitUrl = form.get("submitUrl").asString();
        String tokenUrl = "/api/public/lead-forms/" + form.get("id").asString() + "/form-token";
        ApiClient web = platform.gateway(); // a web page: no bearer token
        JsonNode first = web.get(tokenUrl).json();
        JsonNode second = web.get(tokenUrl).json();

        String lead = """
                {"firstName":"Lea","lastName":"Lead%1$s","email":"%2$s","company":"Acme","message":"%3$s",
                 "marketingConsent":true,"formToken":"%4$s"}""";
        Response wrongKey = web.post(submitUrl, lead.formatted(m, "lea." + m + "@e2e.example", "hi", first.get("token").asString()),
                Map.of("X-Form-Key", "lf_wrong"));
        assertProblem(wrongKey, 401, "invalid-form-key");
        assertProblem(web.post(submitUrl, lead.formatted(m, "lea." + m + "@e2e.example", "hi", first.get("token").asString())),
                401, "invalid-form-key");

        // a form-filling bot fills in the hidden honeypot field: answered like a person, nothing is created
        Response bot = web.post(submitUrl, """
                {"firstName":"Bot","lastName":"Spam%1$s","email":"bot.%1$s@e2e.example","website":"http://spam.example",
                 "formToken":"%2$s"}""".formatted(m, first.get("token").asString()), Map.of("X-Form-Key", key));
        assertThat(bot.status()).as(bot.toString()).isEqualTo(202);

        // a person takes a few seconds to fill in the form (the guard refuses what comes sooner than notBefore)
        Instant notBefore = Instant.parse(second.get("notBefore").asString());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> Instant.now().isAfter(notBefore));
        Response received = web.post(submitUrl, lead.formatted(m, "lea." + m + "@e2e.example", "Pricing please",
                first.get("token").asString()), Map.of("X-Form-Key", key));
        assertThat(received.status()).as(received.toString()).isEqualTo(202);
        assertThat(received.body()).isEqualTo(bot.body());
        Response again = web.post(submitUrl, lead.formatted(m, "LEA." + m + "@e2e.example", "Second visit",
                second.get("token").asString()), Map.of("X-Form-Key", key));
        assertThat(again.status()).as(again.toString()).isEqualTo(202);
        assertThat(again.body()).as("a known person is not revealed").isEqualTo(received.body());

        List<JsonNode> leads = items(platform.as("alex").get("/api/contacts?q=lead" + m));
        assertThat(leads).as("one contact for the person who submitted twice").hasSize(1);
        JsonNode contact = leads.getFirst();
        assertThat(contact.get("source").asString()).isEqualTo("web_form");
        assertThat(contact.get("lifecycleStage").asString()).isEqualTo("lead");
        assertThat(contact.get("ownerId").asString()).isEqualTo("ada");
        assertThat(contact.get("tags").valueStream().map(JsonNode::asString).toList()).containsExactly("web-" + m);
        assertThat(contact.at("/consent/emailMarketing").asBoolean()).isTrue();
        List<JsonNode> notes = items(platform.as("ada").get("/api/contacts/" + contact.get("id").asString() + "/timeline"));
        assertThat(notes).extracting(note -> note.get("body").asString())
                .anySatisfy(body -> assertThat(body).contains("Pricing " + m, "Acme", "Pricing please"))
                .anySatisfy(body -> assertThat(body).contains("Second visit"))
                .hasSize(2);
        assertThat(ids(platform.as("alex").get("/api/contacts?q=spam" + m))).as("the bot created nothing").isEmpty();
    }

    @Test
    void aMergeKeepsTheChosenValuesAndErasureForgetsThePerson() {
        String m = unique();
        ApiClient ada = platform.as("ada");
        JsonNode survivor = created(ada.post("/api/contacts",
                "{\"firstName\":\"Max\",\"lastName\":\"Merge" + m + "\",\"email\":\"max." + m + "@e2e.example\",\"jobTitle\":\"CTO\"}"));
        Phone phone = Phone.random();
        JsonNode twin = created(ada.post("/api/contacts", """
                {"firstName":"Maximilian","lastName":"Merge%1$s","email":"maximilian.%1$s@e2e.example","phone":"%2$s",
                 "jobTitle":"Chief"}""".formatted(m, phone.national())));
        String survivorId = survivor.get("id").asString();
        String twinId = twin.get("id").asString();
        created(ada.post("/api/contacts/" + twinId + "/timeline", "{\"type\":\"note\",\"body\":\"Met at the fair " + m + "\"}"));
        String merge = "{\"mergeIds\":[\"" + twinId + "\"],\"choose\":{\"firstName\":\"" + twinId + "\"}}";

        assertProblem(ada.post("/api/contacts/" + survivorId + "/merge", merge, Map.of("If-Match", etag(survivor))),
                403, "forbidden");
        Response merged = platform.as("maria").post("/api/contacts/" + survivorId + "/merge", merge,
                Map.of("If-Match", etag(survivor)));
        assertThat(merged.status()).as(merged.toString()).isEqualTo(200);
        JsonNode result = merged.json();
        assertThat(result.get("firstName").asString()).as("chosen from the twin").isEqualTo("Maximilian");
        assertThat(result.get("jobTitle").asString()).as("not chosen: the survivor's").isEqualTo("CTO");
        assertThat(result.get("email").asString()).isEqualTo("max." + m + "@e2e.example");
        assertThat(result.get("otherEmails").valueStream().map(JsonNode::asString).toList())
                .containsExactly("maximilian." + m + "@e2e.example");
        assertThat(result.get("phone").asString()).as("the survivor had none").isEqualTo(phone.e164());

        Response gone = ada.get("/api/contacts/" + twinId);
        assertProblem(gone, 404, "not-found");
        assertThat(gone.json().get("mergedInto").asString()).isEqualTo(survivorId);
        assertThat(ids(ada.get("/api/contacts?q=merge" + m))).containsExactly(survivorId);
        assertThat(items(ada.get("/api/contacts/" + survivorId + "/timeline"))).extracting(e -> e.get("body").asString())
                .as("the merged contact's timeline comes along").containsExactly("Met at the fair " + m);

        assertProblem(ada.post("/api/contacts/" + survivorId + "/erase", "{}"), 403, "forbidden");
        Response erased = platform.as("alex").post("/api/contacts/" + survivorId + "/erase", "{}");
        assertThat(erased.status()).as(erased.toString()).isEqualTo(204);

        ApiClient admin = platform.as("alex");
        assertProblem(admin.get("/api/contacts/" + survivorId), 404, "not-found");
        assertProblem(admin.get("/api/contacts/" + survivorId + "/timeline"), 404, "not-found");
        Response mergedIntoErased = admin.get("/api/contacts/" + twinId);
        assertProblem(mergedIntoErased, 404, "not-found");
        assertThat(mergedIntoErased.json().has("mergedInto")).as("the survivor is gone: a plain 404").isFalse();
        for (String q : List.of("merge" + m, "max", "maximilian." + m, phone.e164())) {
            assertThat(ids(admin.get("/api/contacts?q=" + query(q)))).as("q=" + q).doesNotContain(survivorId, twinId);
        }
        assertThat(admin.get("/api/contacts/export?q=merge" + m).body().lines().count()).as("only the header").isEqualTo(1);
        // the person's email and phone were released with the rest: the same person can be added afresh
        created(admin.post("/api/contacts", "{\"firstName\":\"Max\",\"lastName\":\"Again" + m + "\",\"email\":\"max." + m
                + "@e2e.example\",\"phone\":\"" + phone.national() + "\"}"));
    }

    /** A random valid US number (the service's default region) in national format and in E.164. */
    private record Phone(String national, String e164) {

        static Phone random() {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            int exchange;
            do {
                exchange = random.nextInt(200, 1000);
            } while (exchange % 100 == 11 || exchange == 555); // N11 codes and 555 are not ordinary numbers
            int line = random.nextInt(0, 10_000);
            return new Phone("(415) %03d-%04d".formatted(exchange, line), "+1415%03d%04d".formatted(exchange, line));
        }
    }

    private static String definition(String key, String type, String options) {
        return "{\"objectType\":\"contact\",\"key\":\"" + key + "\",\"label\":\"Label " + key + "\",\"type\":\"" + type + "\""
                + (options == null ? "" : ",\"options\":" + options) + "}";
    }

    private static JsonNode awaitImport(ApiClient client, String path, String status) {
        JsonNode job = await().atMost(ARRIVES).pollInterval(POLL).until(() -> client.get(path).json(),
                view -> List.of(status, "failed", "cancelled").contains(view.get("status").asString()));
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo(status);
        return job;
    }

    private static void assertCounts(JsonNode job, long processed, long created, long duplicates, long failed) {
        assertThat(List.of(job.get("rowsProcessed").asLong(), job.get("created").asLong(), job.get("duplicates").asLong(),
                job.get("failed").asLong())).as("rowsProcessed, created, duplicates, failed of " + job)
                .containsExactly(processed, created, duplicates, failed);
    }

    /** The first error reported for each row. */
    private static Map<Long, JsonNode> byRow(JsonNode job) {
        return job.get("rowErrors").valueStream().collect(Collectors.toMap(e -> e.get("row").asLong(), Function.identity(),
                (a, b) -> a));
    }

    private static JsonNode created(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json();
    }

    private static void assertInvalid(Response response, String field) {
        assertProblem(response, 400, "validation");
        assertThat(response.json().get("errors").valueStream().map(e -> e.get("field").asString()).toList())
                .as(response.toString()).contains(field);
    }

    private static void assertProblem(Response response, int status, String type) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).endsWith("/" + type);
    }

    private static List<JsonNode> items(Response page) {
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        return page.json().get("items").valueStream().toList();
    }

    private static List<String> ids(Response page) {
        return items(page).stream().map(item -> item.get("id").asString()).toList();
    }

    private static String etag(JsonNode record) {
        return "\"" + record.get("version").asLong() + "\"";
    }

    private static String query(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String unique() {
        return "c" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }
}
