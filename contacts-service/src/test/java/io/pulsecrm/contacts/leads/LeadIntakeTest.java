package io.pulsecrm.contacts.leads;

import static io.pulsecrm.platform.test.EventCollector.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulsecrm.contacts.contacts.Contact;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.EventCollector;
import io.pulsecrm.platform.test.ServiceApiTest;
import io.pulsecrm.platform.test.TestIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

class LeadIntakeTest extends ServiceApiTest {

    @RegisterExtension
    static final EventCollector events = EventCollector.forTopics(Contact.TOPIC);
    /** Each test submits from its own client addresses (the service trusts X-Forwarded-For from this machine). */
    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    @Autowired
    ApplicationContext context;
    @Autowired
    MeterRegistry meters;

    @Test
    void aFormWithItsKeyCreatesLeadsAndNotesKnownPeopleWithoutRevealingThem() {
        Response form = api.post("/api/lead-forms", "{\"name\":\"Pricing page\",\"ownerId\":\"" + TestIdentity.EAST_REP + "\",\"tags\":[\"Webinar\"]}");
        assertThat(form.status()).as(form.toString()).isEqualTo(201);
        String formId = form.json().get("id").asString();
        String key = form.json().get("key").asString();
        String submitUrl = form.json().get("submitUrl").asString();
        assertThat(api.get("/api/lead-forms").json().get("items").valueStream()
                .filter(f -> f.get("id").asString().equals(formId)).findFirst().orElseThrow().get("key").isNull()).isTrue();
        Map<String, String> headers = headers(key, newAddress());

        String n = Long.toString(System.nanoTime());
        String fields = "\"firstName\":\"Lee\",\"lastName\":\"Dee\",\"email\":\"lead-" + n + "@example.com\",\"message\":\"Call me\",\"marketingConsent\":true";
        Response first = api.anonymous().post(submitUrl, body(fields, person(formId)), headers);
        assertThat(first.status()).as(first.toString()).isEqualTo(202);
        Response again = api.anonymous().post(submitUrl, body(fields, person(formId)), headers);
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.body()).isEqualTo(first.body());

        Response found = api.get("/api/contacts?q=lead-" + n);
        assertThat(found.json().get("items").size()).isEqualTo(1);
        var contact = found.json().get("items").get(0);
        assertThat(contact.get("source").asString()).isEqualTo("web_form");
        assertThat(contact.get("lifecycleStage").asString()).isEqualTo("lead");
        assertThat(contact.get("ownerId").asString()).isEqualTo(TestIdentity.EAST_REP);
        assertThat(contact.at("/tags/0").asString()).isEqualTo("webinar");
        assertThat(contact.at("/consent/emailMarketing").asBoolean()).isTrue();
        String id = contact.get("id").asString();
        EventEnvelope created = events.awaitEvent(ofType("pulse.contact.created.v1", id));
        assertThat(created.data().at("/contact/source").asString()).isEqualTo("web_form");

        var timeline = api.get("/api/contacts/" + id + "/timeline").json().get("items");
        assertThat(timeline.size()).isEqualTo(2);
        assertThat(timeline.get(0).get("body").asString()).contains("Pricing page", "Call me");

        String body = body(fields, person(formId));
        assertThat(api.anonymous().post(submitUrl, body, headers(("wrong"), newAddress())).status()).isEqualTo(401);
        assertThat(api.anonymous().post(submitUrl, body, Map.of("X-Forwarded-For", newAddress())).status()).isEqualTo(401);
        assertThat(api.anonymous().post("/api/public/lead-forms/nope/submissions", body, headers).status()).isEqualTo(401);
        assertThat(api.anonymous().post(submitUrl, body("\"firstName\":\"X\",\"email\":\"bad\"", person(formId)), headers).status()).isEqualTo(400);
        assertThat(api.anonymous().post(submitUrl, "{\"firstName\":\"X\",\"$where\":1}", headers).status()).isEqualTo(400);

        assertThat(api.delete("/api/lead-forms/" + formId, Map.of()).status()).isEqualTo(204);
        Response disabled = api.anonymous().post(submitUrl, body(fields, person(formId)), headers);
        assertThat(disabled.status()).isEqualTo(401);
        assertThat(disabled.header("Content-Type")).startsWith("application/problem+json");
        assertThat(api.anonymous().get("/api/public/lead-forms/" + formId + "/form-token").status()).isEqualTo(404);
        assertThat(api.post("/api/lead-forms", "{}").status()).isEqualTo(400);
    }

    @Test
    void spamIsAnsweredLikeALeadButCreatesNothingAndIsCounted() {
        Response form = api.post("/api/lead-forms", "{\"name\":\"Spam target\"}");
        String formId = form.json().get("id").asString();
        String submitUrl = form.json().get("submitUrl").asString();
        String key = form.json().get("key").asString();
        String otherForm = api.post("/api/lead-forms", "{\"name\":\"Other form\"}").json().get("id").asString();
        String n = Long.toString(System.nanoTime());

        // what the page gets when it renders the form: a signed token, and when a submission may come at the earliest
        Response issued = api.anonymous().get("/api/public/lead-forms/" + formId + "/form-token");
        assertThat(issued.status()).as(issued.toString()).isEqualTo(200);
        double tooFast = spamCount("too_fast");
        Response fast = api.anonymous().post(submitUrl, body(fields("fast", n), issued.json().get("token").asString()),
                headers(key, newAddress()));
        assertThat(fast.status()).isEqualTo(202);
        assertThat(spamCount("too_fast")).isEqualTo(tooFast + 1); // submitted at once: no person fills a form that fast
        assertThat(issued.header("Cache-Control")).contains("no-store");
        assertThat(Instant.parse(issued.json().get("notBefore").asString())).isAfter(Instant.now().plusSeconds(1));

        String person = person(formId);
        String tampered = person.substring(0, person.length() - 2) + (person.endsWith("AA") ? "BB" : "AA");
        Map<String, String> spam = new LinkedHashMap<>();
        spam.put("honeypot", body(fields("honeypot", n) + ",\"website\":\"http://spam.example\"", person(formId)));
        spam.put("missing_token", "{" + fields("missing", n) + "}");
        spam.put("invalid_token", body(fields("forged", n), tampered));
        spam.put("expired_token", body(fields("old", n), TestFormTokens.renderedAgo(context, formId, Duration.ofHours(25))));
        String alien = TestFormTokens.fromAPerson(context, otherForm); // another form's token proves nothing here
        Response real = api.anonymous().post(submitUrl, body(fields("real", n), person), headers(key, newAddress()));
        assertThat(real.status()).isEqualTo(202);
        assertThat(fast.body()).isEqualTo(real.body()); // a bot learns nothing
        spam.put("replayed_token", body(fields("replay", n), person)); // the real person's token, used again

        for (var attempt : spam.entrySet()) {
            double before = spamCount(attempt.getKey());
            Response answer = api.anonymous().post(submitUrl, attempt.getValue(), headers(key, newAddress()));
            assertThat(answer.status()).as(attempt.getKey() + ": " + answer).isEqualTo(202);
            assertThat(answer.body()).as(attempt.getKey()).isEqualTo(real.body());
            assertThat(spamCount(attempt.getKey())).as(attempt.getKey()).isEqualTo(before + 1);
        }
        double before = spamCount("invalid_token");
        assertThat(api.anonymous().post(submitUrl, body(fields("alien", n), alien), headers(key, newAddress())).status()).isEqualTo(202);
        assertThat(spamCount("invalid_token")).isEqualTo(before + 1);

        List<String> created = api.get("/api/contacts?limit=200&q=spam-" + n).json().get("items").valueStream()
                .map(c -> c.get("email").asString()).toList();
        assertThat(created).containsExactly("spam-" + n + "-real@example.com");

        // a submission refused as invalid does not use up its token: corrected, it goes through
        String token = person(formId);
        assertThat(api.anonymous().post(submitUrl, body("\"firstName\":\"Fix\",\"email\":\"not-an-email\"", token),
                headers(key, newAddress())).status()).isEqualTo(400);
        assertThat(api.anonymous().post(submitUrl, body(fields("fixed", n), token), headers(key, newAddress())).status()).isEqualTo(202);
        assertThat(api.get("/api/contacts?q=spam-" + n + "-fixed").json().get("items").size()).isEqualTo(1);
        assertThat(api.get("/actuator/metrics/pulse.contacts.lead.spam").status()).isEqualTo(200);
    }

    @Test
    void aClientAddressIsLimitedPerWindowWithA429ThatSaysWhenToRetry() {
        Response form = api.post("/api/lead-forms", "{\"name\":\"Flooded\"}");
        String submitUrl = form.json().get("submitUrl").asString();
        String key = form.json().get("key").asString();
        String flooder = newAddress();
        int limit = 10; // pulse.contacts.leads.rate-limit.per-client-ip
        List<Integer> statuses = new ArrayList<>();
        Response limited = null;
        // a window may end while this runs; then the count starts again and the 429 comes later, not sooner
        for (int i = 0; i < 2 * limit + 1 && limited == null; i++) {
            Response response = api.anonymous().post(submitUrl, "{\"firstName\":\"Flood\"}", headers(key, flooder));
            statuses.add(response.status());
            if (response.status() == 429) {
                limited = response;
            }
        }
        assertThat(limited).as("statuses " + statuses).isNotNull();
        assertThat(statuses.subList(0, statuses.size() - 1)).hasSizeGreaterThanOrEqualTo(limit).containsOnly(202);
        assertThat(limited.header("Content-Type")).startsWith("application/problem+json");
        assertThat(limited.json().get("type").asString()).endsWith("/rate-limited");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
        // wrong keys count too (no guessing keys at full speed), and so do other forms: the limit is the address's
        assertThat(api.anonymous().post(submitUrl, "{\"firstName\":\"Flood\"}", headers("guess", flooder)).status()).isEqualTo(429);
        // an IPv6 client is one /64 network: rotating the interface part of the address does not help
        String network = "2001:db8:" + Integer.toHexString(ADDRESSES.incrementAndGet()) + ":1:";
        int accepted = 0;
        for (int i = 0; i < 2 * limit + 1; i++) {
            if (api.anonymous().post(submitUrl, "{\"firstName\":\"Six\"}", headers(key, network + Integer.toHexString(i + 1) + "::1")).status() == 202) {
                accepted++;
            }
        }
        assertThat(accepted).isLessThan(2 * limit + 1);
        // others are not affected
        assertThat(api.anonymous().post(submitUrl, "{\"firstName\":\"Calm\"}", headers(key, newAddress())).status()).isEqualTo(202);
    }

    @Test
    void aFormIsLimitedPerWindowWhateverTheAddresses() {
        Response form = api.post("/api/lead-forms", "{\"name\":\"Botnet target\"}");
        String submitUrl = form.json().get("submitUrl").asString();
        String key = form.json().get("key").asString();
        int limit = 60; // pulse.contacts.leads.rate-limit.per-form
        int first429 = -1;
        for (int i = 0; i < 2 * limit + 1 && first429 < 0; i++) {
            if (api.anonymous().post(submitUrl, "{\"firstName\":\"Bot\"}", headers(key, newAddress())).status() == 429) {
                first429 = i;
            }
        }
        assertThat(first429).isGreaterThanOrEqualTo(limit);
        // another form is not affected
        Response other = api.post("/api/lead-forms", "{\"name\":\"Quiet form\"}");
        assertThat(api.anonymous().post(other.json().get("submitUrl").asString(), "{\"firstName\":\"Bot\"}",
                headers(other.json().get("key").asString(), newAddress())).status()).isEqualTo(202);
    }

    @Test
    void thePersonSubmittingTwiceAtOnceBecomesOneContactWithBothNotes() throws Exception {
        Response form = api.post("/api/lead-forms", "{\"name\":\"Double click\"}");
        String formId = form.json().get("id").asString();
        String submitUrl = form.json().get("submitUrl").asString();
        String key = form.json().get("key").asString();
        String email = "twice-" + System.nanoTime() + "@example.com";
        int submissions = 6;
        List<Callable<Integer>> posts = new ArrayList<>();
        for (int i = 0; i < submissions; i++) {
            String body = body("\"firstName\":\"Twice\",\"email\":\"" + email + "\",\"message\":\"try " + i + "\"", person(formId));
            String address = newAddress();
            posts.add(() -> api.anonymous().post(submitUrl, body, headers(key, address)).status());
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(submissions)) {
            for (Future<Integer> status : pool.invokeAll(posts)) {
                assertThat(status.get()).isEqualTo(202);
            }
        }
        var found = api.get("/api/contacts?q=" + email).json().get("items");
        assertThat(found.size()).isEqualTo(1);
        var timeline = api.get("/api/contacts/" + found.get(0).get("id").asString() + "/timeline").json().get("items");
        assertThat(timeline.size()).isEqualTo(submissions);
    }

    @Test
    void utmDataOfTheFirstSubmissionStaysOnTheContactAndLaterOnesGoToTheTimeline() {
        Response form = api.post("/api/lead-forms", "{\"name\":\"Campaign page\"}");
        String formId = form.json().get("id").asString();
        String submitUrl = form.json().get("submitUrl").asString();
        String key = form.json().get("key").asString();
        String n = Long.toString(System.nanoTime());
        String person = "\"firstName\":\"Uma\",\"email\":\"utm-" + n + "@example.com\"";
        String firstTouch = ",\"utm_source\":\" newsletter \",\"utm_medium\":\"email\",\"utm_campaign\":\"spring-" + n + "\","
                + "\"utm_term\":\"crm\",\"utm_content\":\"hero\",\"referrer\":\"https://mail.example.com/\","
                + "\"landingPage\":\"https://pulse.example/pricing?utm_source=newsletter\"";
        Response first = api.anonymous().post(submitUrl, body(person + firstTouch, person(formId)), headers(key, newAddress()));
        assertThat(first.status()).as(first.toString()).isEqualTo(202);

        var contact = api.get("/api/contacts?q=utm-" + n).json().get("items").get(0);
        String id = contact.get("id").asString();
        var acquisition = contact.get("acquisition");
        assertThat(acquisition.get("utmSource").asString()).isEqualTo("newsletter");
        assertThat(acquisition.get("utmMedium").asString()).isEqualTo("email");
        assertThat(acquisition.get("utmCampaign").asString()).isEqualTo("spring-" + n);
        assertThat(acquisition.get("utmTerm").asString()).isEqualTo("crm");
        assertThat(acquisition.get("utmContent").asString()).isEqualTo("hero");
        assertThat(acquisition.get("referrer").asString()).isEqualTo("https://mail.example.com/");
        assertThat(acquisition.get("landingPage").asString()).isEqualTo("https://pulse.example/pricing?utm_source=newsletter");
        EventEnvelope created = events.awaitEvent(ofType("pulse.contact.created.v1", id));
        assertThat(created.data().at("/contact/acquisition/utmCampaign").asString()).isEqualTo("spring-" + n);
        io.pulsecrm.platform.events.EventSchemaValidator.assertValid(events.awaitRecord(r -> r.value().contains(created.id())).value());

        // the same person again, from another campaign: the first touch is kept, this one is noted on the timeline
        Response again = api.anonymous().post(submitUrl, body(person + ",\"utm_source\":\"ads\",\"utm_campaign\":\"retarget-" + n
                + "\",\"message\":\"Still interested\"", person(formId)), headers(key, newAddress()));
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.body()).isEqualTo(first.body());
        Response stored = api.get("/api/contacts/" + id);
        assertThat(stored.json().at("/acquisition/utmSource").asString()).isEqualTo("newsletter");
        assertThat(stored.json().get("version").asLong()).isZero();
        var timeline = api.get("/api/contacts/" + id + "/timeline").json().get("items");
        assertThat(timeline.get(0).get("body").asString())
                .contains("utm_source: ads", "utm_campaign: retarget-" + n, "Still interested").doesNotContain("newsletter");
        assertThat(timeline.get(1).get("body").asString()).contains("utm_source: newsletter", "landingPage: https://pulse.example/pricing");

        // bounded and checked, under the names the form sent; the token is not used up by a refused submission
        String token = person(formId);
        Response tooLong = api.anonymous().post(submitUrl, body(person + ",\"utm_campaign\":\"" + "c".repeat(201)
                + "\",\"referrer\":\"javascript:alert(1)\",\"landingPage\":\"https://x.example/" + "p".repeat(2000) + "\"", token),
                headers(key, newAddress()));
        assertThat(tooLong.status()).as(tooLong.toString()).isEqualTo(400);
        assertThat(tooLong.json().get("errors").valueStream().map(e -> e.get("field").asString()).toList())
                .containsExactlyInAnyOrder("utm_campaign", "referrer", "landingPage");
        assertThat(api.anonymous().post(submitUrl, body(person + ",\"utm_campaign\":\"fine\"", token), headers(key, newAddress()))
                .status()).isEqualTo(202);
        assertThat(api.anonymous().post(submitUrl, body(person + ",\"utm_source\":{\"a\":1}", person(formId)),
                headers(key, newAddress())).status()).isEqualTo(400);
        assertThat(api.anonymous().post(submitUrl, body(person + ",\"utm_id\":\"1\"", person(formId)),
                headers(key, newAddress())).status()).isEqualTo(400);
    }

    @Test
    void theContactApiTakesAndChecksAcquisitionDataToo() {
        Response created = api.post("/api/contacts", "{\"firstName\":\"Api\",\"acquisition\":{\"utmSource\":\"partner\","
                + "\"referrer\":\"http://partner.example/list\"}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().at("/acquisition/utmSource").asString()).isEqualTo("partner");
        assertThat(created.json().at("/acquisition/utmMedium").isNull()).isTrue();
        Response patched = api.patch("/api/contacts/" + created.json().get("id").asString(),
                "{\"acquisition\":{\"utmSource\":\"partner\",\"utmMedium\":\"referral\"}}", Map.of("If-Match", "\"0\""));
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().at("/acquisition/utmMedium").asString()).isEqualTo("referral");
        assertThat(patched.json().at("/acquisition/referrer").isNull()).isTrue(); // replaced whole
        Response bad = api.post("/api/contacts", "{\"firstName\":\"Api\",\"acquisition\":{\"utmSource\":\"" + "s".repeat(201)
                + "\",\"landingPage\":\"/relative\"}}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").valueStream().map(e -> e.get("field").asString()).toList())
                .containsExactlyInAnyOrder("acquisition.utmSource", "acquisition.landingPage");
        assertThat(api.post("/api/contacts", "{\"firstName\":\"Api\",\"acquisition\":{\"gclid\":\"x\"}}").status()).isEqualTo(400);
        Response without = api.post("/api/contacts", "{\"firstName\":\"Api\",\"acquisition\":{\"utmSource\":\"  \"}}");
        assertThat(without.json().get("acquisition").isNull()).isTrue(); // nothing set: no acquisition at all
    }

    private double spamCount(String reason) {
        var counter = meters.find("pulse.contacts.lead.spam").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private String person(String formId) {
        return TestFormTokens.fromAPerson(context, formId);
    }

    private static String fields(String what, String n) {
        return "\"firstName\":\"Spam\",\"email\":\"spam-" + n + "-" + what + "@example.com\"";
    }

    private static String body(String fields, String token) {
        return "{" + fields + ",\"formToken\":\"" + token + "\"}";
    }

    private static Map<String, String> headers(String key, String address) {
        return Map.of("X-Form-Key", key, "X-Forwarded-For", address);
    }

    /** A documentation address (TEST-NET-3), different for every call in this run. */
    private static String newAddress() {
        int n = ADDRESSES.incrementAndGet();
        return "203.0." + (n / 250 % 250) + "." + (n % 250 + 1);
    }
}
