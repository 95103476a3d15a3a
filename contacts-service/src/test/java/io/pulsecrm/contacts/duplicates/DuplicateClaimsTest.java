package io.pulsecrm.contacts.duplicates;

import static io.pulsecrm.platform.test.TestIdentity.EAST_REP;
import static io.pulsecrm.platform.test.TestIdentity.WEST_REP;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.pulsecrm.contacts.contacts.Contact;
import io.pulsecrm.contacts.contacts.ContactDetails;
import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.ServiceApiTest;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The duplicate check is atomic: of many concurrent creates of the same person (or company domain) exactly one wins,
 * the others get the 409 naming it; the claims behind it follow the records (change, delete, merge) and a claim left
 * behind by a crash blocks only for the grace period.
 */
class DuplicateClaimsTest extends ServiceApiTest {

    private static final int RACERS = 12;

    @Autowired
    MongoTemplate mongo;

    @Test
    void ofManyConcurrentCreatesWithTheSameEmailOneWinsAndTheOthersGetA409NamingIt() throws Exception {
        String email = "race-" + System.nanoTime() + "@example.com";
        List<Response> answers = race(i -> api.post("/api/contacts",
                "{\"firstName\":\"Racer\",\"lastName\":\"" + i + "\",\"email\":\"" + email.toUpperCase() + "\"}"));

        List<Response> created = answers.stream().filter(r -> r.status() == 201).toList();
        assertThat(created).as(answers.toString()).hasSize(1);
        String winner = created.getFirst().json().get("id").asString();
        for (Response loser : answers.stream().filter(r -> r.status() != 201).toList()) {
            assertThat(loser.status()).as(loser.toString()).isEqualTo(409);
            assertThat(loser.header("Content-Type")).startsWith("application/problem+json");
            assertThat(loser.json().at("/candidates/0/id").asString()).as(loser.toString()).isEqualTo(winner);
            assertThat(loser.json().at("/candidates/0/matchedOn").asString()).isEqualTo("email");
            assertThat(loser.json().at("/candidates/0/name").asString()).startsWith("Racer ");
        }
        assertThat(ids("q=" + email)).containsExactly(winner);
    }

    @Test
    void aRaceOnPhonesAndOnCompanyDomainsHasOneWinnerToo() throws Exception {
        String phone = "+44 20 7946 " + String.format("%04d", System.nanoTime() % 10_000);
        List<Response> people = race(i -> api.post("/api/contacts",
                "{\"firstName\":\"Phoner\",\"email\":\"phoner-" + i + "-" + System.nanoTime() + "@example.com\",\"otherPhones\":[\"" + phone + "\"]}"));
        assertThat(people.stream().filter(r -> r.status() == 201).count()).as(people.toString()).isEqualTo(1);
        assertThat(people.stream().filter(r -> r.status() == 409).count()).isEqualTo(RACERS - 1);

        String domain = "race-" + System.nanoTime() + ".io";
        List<Response> companies = race(i -> api.post("/api/companies", "{\"name\":\"Racer " + i + "\",\"domain\":\"https://www." + domain + "\"}"));
        List<Response> created = companies.stream().filter(r -> r.status() == 201).toList();
        assertThat(created).as(companies.toString()).hasSize(1);
        String winner = created.getFirst().json().get("id").asString();
        assertThat(companies.stream().filter(r -> r.status() == 409))
                .allSatisfy(r -> assertThat(r.json().at("/candidates/0/id").asString()).isEqualTo(winner))
                .hasSize(RACERS - 1);
    }

    @Test
    void aDuplicateTheCallerMayNotSeeIsA409WithoutItsNameEvenInARace() throws Exception {
        String email = "hidden-race-" + System.nanoTime() + "@example.com";
        ApiClient ada = apiAs(EAST_REP);
        ApiClient cleo = apiAs(WEST_REP);
        List<Response> answers = race(i -> (i % 2 == 0 ? ada : cleo).post("/api/contacts",
                "{\"firstName\":\"Split\",\"email\":\"" + email + "\"}"));
        Response winner = answers.stream().filter(r -> r.status() == 201).findFirst().orElseThrow();
        String owner = winner.json().get("ownerId").asString();
        for (Response loser : answers.stream().filter(r -> r.status() == 409).toList()) {
            // the other team's rep learns that the person exists, not who has them
            boolean sameOwner = loser.json().get("candidates").size() == 1;
            if (!sameOwner) {
                assertThat(loser.json().get("hiddenMatches").asBoolean()).as(loser.toString()).isTrue();
                assertThat(loser.body()).doesNotContain(winner.json().get("id").asString(), owner);
            }
        }
        assertThat(answers.stream().filter(r -> r.status() == 409).count()).isEqualTo(RACERS - 1);
    }

    @Test
    void changingDeletingAndMergingReleaseOrMoveTheClaims() {
        String n = Long.toString(System.nanoTime());
        String a = create("{\"firstName\":\"A\",\"email\":\"a-" + n + "@example.com\"}");
        String b = create("{\"firstName\":\"B\",\"email\":\"b-" + n + "@example.com\"}");

        // a patch that adds another contact's email is a possible duplicate too, unless allowed
        Response taken = api.patch("/api/contacts/" + b, "{\"otherEmails\":[\"a-" + n + "@example.com\"]}", Map.of("If-Match", "\"0\""));
        assertThat(taken.status()).as(taken.toString()).isEqualTo(409);
        assertThat(taken.json().at("/candidates/0/id").asString()).isEqualTo(a);
        assertThat(api.get("/api/contacts/" + b).json().get("version").asLong()).isZero();
        // a stale patch claims nothing
        assertThat(api.patch("/api/contacts/" + b, "{\"email\":\"b2-" + n + "@example.com\"}", Map.of("If-Match", "\"7\"")).status()).isEqualTo(409);
        assertThat(api.post("/api/contacts", "{\"firstName\":\"C\",\"email\":\"b2-" + n + "@example.com\"}").status()).isEqualTo(201);

        // changing an email frees the old one
        assertThat(api.patch("/api/contacts/" + a, "{\"email\":\"a-new-" + n + "@example.com\"}", Map.of("If-Match", "\"0\"")).status()).isEqualTo(200);
        String reuser = create("{\"firstName\":\"Reuser\",\"email\":\"a-" + n + "@example.com\"}");
        assertThat(api.post("/api/contacts", "{\"firstName\":\"Late\",\"email\":\"a-new-" + n + "@example.com\"}").status()).isEqualTo(409);

        // deleting frees every email and phone of the contact
        assertThat(api.delete("/api/contacts/" + reuser, Map.of("If-Match", "\"0\"")).status()).isEqualTo(204);
        assertThat(api.post("/api/contacts", "{\"firstName\":\"Again\",\"email\":\"a-" + n + "@example.com\"}").status()).isEqualTo(201);

        // a merge moves the claims: the survivor holds the merged contact's email now, deleting the survivor frees it
        String survivor = create("{\"firstName\":\"Survivor\",\"email\":\"s-" + n + "@example.com\"}");
        String merged = create("{\"firstName\":\"Merged\",\"email\":\"m-" + n + "@example.com\"}");
        assertThat(api.post("/api/contacts/" + survivor + "/merge", "{\"mergeIds\":[\"" + merged + "\"]}", Map.of("If-Match", "\"0\"")).status())
                .isEqualTo(200);
        assertThat(claimHolder("email", "m-" + n + "@example.com")).isEqualTo(survivor);
        assertThat(api.post("/api/contacts", "{\"firstName\":\"X\",\"email\":\"m-" + n + "@example.com\"}").json()
                .at("/candidates/0/id").asString()).isEqualTo(survivor);
        assertThat(api.delete("/api/contacts/" + survivor, Map.of("If-Match", "\"1\"")).status()).isEqualTo(204);
        assertThat(claimHolder("email", "m-" + n + "@example.com")).isNull();
        assertThat(api.post("/api/contacts", "{\"firstName\":\"Free\",\"email\":\"m-" + n + "@example.com\"}").status()).isEqualTo(201);

        // companies: a changed or deleted domain is free again
        String company = api.post("/api/companies", "{\"name\":\"Old\",\"domain\":\"old-" + n + ".io\"}").json().get("id").asString();
        assertThat(api.post("/api/companies", "{\"name\":\"Twin\",\"domain\":\"new-" + n + ".io\"}").status()).isEqualTo(201);
        assertThat(api.patch("/api/companies/" + company, "{\"domain\":\"new-" + n + ".io\"}", Map.of("If-Match", "\"0\"")).status()).isEqualTo(409);
        assertThat(api.patch("/api/companies/" + company, "{\"domain\":\"newer-" + n + ".io\"}", Map.of("If-Match", "\"0\"")).status()).isEqualTo(200);
        assertThat(api.post("/api/companies", "{\"name\":\"Heir\",\"domain\":\"old-" + n + ".io\"}").status()).isEqualTo(201);
    }

    @Test
    void aClaimLeftBehindByACrashBlocksOnlyForTheGracePeriod() {
        String n = Long.toString(System.nanoTime());
        // a replica claimed these emails and died before storing its contact: one long ago, one a moment ago
        insertClaim("email", "old-" + n + "@example.com", "never-stored-" + n, Instant.now().minus(Duration.ofHours(1)));
        insertClaim("email", "fresh-" + n + "@example.com", "being-stored-" + n, Instant.now());

        Response overOld = api.post("/api/contacts", "{\"firstName\":\"Heir\",\"email\":\"old-" + n + "@example.com\"}");
        assertThat(overOld.status()).as(overOld.toString()).isEqualTo(201);
        assertThat(claimHolder("email", "old-" + n + "@example.com")).isEqualTo(overOld.json().get("id").asString());

        // within the grace period the claim's record may still be being written: a 409 that names no one
        Response overFresh = api.post("/api/contacts", "{\"firstName\":\"Early\",\"email\":\"fresh-" + n + "@example.com\"}");
        assertThat(overFresh.status()).as(overFresh.toString()).isEqualTo(409);
        assertThat(overFresh.json().get("hiddenMatches").asBoolean()).isTrue();
        assertThat(overFresh.json().get("candidates").size()).isZero();
        assertThat(overFresh.body()).doesNotContain("being-stored-" + n);

        // a claim whose contact was deleted without releasing it (crash after the delete) is taken over as well
        String gone = create("{\"firstName\":\"Gone\",\"email\":\"gone-" + n + "@example.com\"}");
        mongo.getCollection("contacts").updateOne(new Document("_id", gone), new Document("$set", new Document("deletedAt", new Date())));
        mongo.getCollection(KeyClaim.COLLECTION).updateMany(new Document("recordId", gone),
                new Document("$set", new Document("claimedAt", Date.from(Instant.now().minus(Duration.ofHours(1))))));
        assertThat(api.post("/api/contacts", "{\"firstName\":\"Next\",\"email\":\"gone-" + n + "@example.com\"}").status()).isEqualTo(201);
    }

    @Test
    void duplicatesAllowedOnPurposeShareTheClaimAndKeepItWhenTheFirstHolderGoes() {
        String n = Long.toString(System.nanoTime());
        String email = "shared-" + n + "@example.com";
        String first = create("{\"firstName\":\"First\",\"email\":\"" + email + "\"}");
        Response second = api.post("/api/contacts?allowDuplicate=true", "{\"firstName\":\"Second\",\"email\":\"" + email + "\"}");
        assertThat(second.status()).isEqualTo(201);
        String secondId = second.json().get("id").asString();
        assertThat(api.post("/api/contacts", "{\"firstName\":\"Third\",\"email\":\"" + email + "\"}").json().get("candidates")
                .valueStream().map(c -> c.get("id").asString()).toList()).containsExactly(first, secondId);

        assertThat(api.delete("/api/contacts/" + first, Map.of("If-Match", "\"0\"")).status()).isEqualTo(204);
        assertThat(claimHolder("email", email)).isEqualTo(secondId);
        Response third = api.post("/api/contacts", "{\"firstName\":\"Third\",\"email\":\"" + email + "\"}");
        assertThat(third.status()).isEqualTo(409);
        assertThat(third.json().at("/candidates/0/id").asString()).isEqualTo(secondId);
    }

    @Test
    void recordsStoredBeforeTheClaimsExistedAreFoundOnceIndexed(@Autowired AggregateStore store, @Autowired KeyClaims claims) {
        String n = Long.toString(System.nanoTime());
        // a contact stored by an earlier version of the service: no claims
        String legacy = store.save(Contact.create(ContactDetails.basic("Legacy", null, "legacy-" + n + "@example.com", null, null),
                Instant.now())).getId();
        mongo.getCollection(KeyIndexBackfill.MIGRATIONS).deleteOne(new Document("_id", KeyIndexBackfill.MARKER));
        KeyIndexBackfill backfill = new KeyIndexBackfill(mongo, claims, java.time.Clock.systemUTC());
        assertThat(backfill.complete()).isFalse();
        backfill.run();
        assertThat(backfill.complete()).isTrue();
        assertThat(claimHolder("email", "legacy-" + n + "@example.com")).isEqualTo(legacy);
        Response duplicate = api.post("/api/contacts", "{\"firstName\":\"New\",\"email\":\"legacy-" + n + "@example.com\"}");
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.json().at("/candidates/0/id").asString()).isEqualTo(legacy);
    }

    private List<Response> race(java.util.function.IntFunction<Response> request) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            int racer = i;
            calls.add(() -> {
                start.await();
                return request.apply(racer);
            });
        }
        List<Response> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(RACERS)) {
            List<Future<Response>> futures = calls.stream().map(pool::submit).toList();
            start.countDown();
            for (Future<Response> future : futures) {
                answers.add(future.get());
            }
        }
        return answers;
    }

    private void insertClaim(String kind, String value, String recordId, Instant claimedAt) {
        mongo.getCollection(KeyClaim.COLLECTION).insertOne(new Document("_id", new KeyClaims.Key("contact", kind, value).id())
                .append("recordId", recordId).append("claimedAt", Date.from(claimedAt)).append("others", List.of()).append("v", 0L));
    }

    private String claimHolder(String kind, String value) {
        Document claim = mongo.getCollection(KeyClaim.COLLECTION).find(new Document("_id", new KeyClaims.Key("contact", kind, value).id())).first();
        return claim == null ? null : claim.getString("recordId");
    }

    private String create(String json) {
        Response response = api.post("/api/contacts", json);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("id").asString();
    }

    private List<String> ids(String query) {
        return api.get("/api/contacts?limit=200&" + query).json().get("items").valueStream().map(c -> c.get("id").asString()).toList();
    }
}
