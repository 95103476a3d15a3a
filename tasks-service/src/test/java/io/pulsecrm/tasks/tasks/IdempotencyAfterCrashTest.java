package io.pulsecrm.tasks.tasks;

import static io.pulsecrm.platform.test.EventCollector.ofType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.EventCollector;
import io.pulsecrm.platform.test.ServiceApiTest;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * A replica killed while it handles a POST with an {@code Idempotency-Key} leaves the key claimed with no answer,
 * having stored the task or not. The client's retry must neither be refused for ever ("in flight") nor create a second
 * task. The crash is reproduced by what it leaves in the store: the request is made, then its stored answer is taken
 * back to an unanswered claim of a replica long gone (and, for a crash before the write, the task too).
 */
class IdempotencyAfterCrashTest extends ServiceApiTest {

    @RegisterExtension
    static final EventCollector events = EventCollector.forTopics(Task.TOPIC);

    /** Longer ago than {@code pulse.web.idempotency-claim-timeout} (2 minutes). */
    static final Duration LONG_AGO = Duration.ofMinutes(10);

    @Autowired
    MongoTemplate mongo;

    @Test
    void aRetryAfterTheAttemptDiedHavingStoredTheTaskAnswersWithThatTaskAndCreatesNoSecond() {
        String title = "Call after a crash " + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        Response first = create(title, key);
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        String id = first.json().get("id").asString();
        events.awaitEvent(ofType("pulse.task.created.v1", id));

        unanswered(id, Instant.now().minus(LONG_AGO));
        Response retry = create(title, key);

        assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
        assertThat(retry.json().get("id").asString()).as("the task the dead attempt stored").isEqualTo(id);
        assertThat(retry.header("ETag")).isEqualTo("\"0\"");
        assertThat(tasksTitled(title)).hasSize(1);
        Response replayed = create(title, key);
        assertThat(replayed.header("Idempotent-Replayed")).as("the retry's answer is the key's answer now").isEqualTo("true");
        assertThat(replayed.json().get("id").asString()).isEqualTo(id);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
                events.distinctEvents().stream().filter(ofType("pulse.task.created.v1", id)).count() == 1);
    }

    @Test
    void aRetryAfterTheAttemptDiedBeforeStoringAnythingRunsTheRequestWithTheSameId() {
        String title = "Call never stored " + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        Response first = create(title, key);
        String id = first.json().get("id").asString();
        unanswered(id, Instant.now().minus(LONG_AGO));
        mongo.getCollection("tasks").deleteOne(Filters.eq("_id", id));

        Response retry = create(title, key);

        assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
        assertThat(retry.json().get("id").asString()).isEqualTo(id);
        assertThat(tasksTitled(title)).hasSize(1);
    }

    @Test
    void aRetryAfterAServerErrorFindsWhatTheFailedAttemptStored() {
        String title = "Call after a 500 " + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        String id = create(title, key).json().get("id").asString();
        // what the filter leaves when the attempt stored the task and then failed with a 5xx (not stored as the answer)
        Object claim = unanswered(id, Instant.now());
        mongo.getCollection("idempotency_keys").updateOne(Filters.eq("_id", claim), Updates.set("state", "released"));

        Response retry = create(title, key);

        assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
        assertThat(retry.json().get("id").asString()).isEqualTo(id);
        assertThat(tasksTitled(title)).hasSize(1);
    }

    @Test
    void aRetryWhileTheAttemptMayStillBeRunningIsToldToWait() {
        String title = "Call still running " + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        String id = create(title, key).json().get("id").asString();
        unanswered(id, Instant.now());

        Response retry = create(title, key);

        assertThat(retry.status()).as(retry.toString()).isEqualTo(409);
        assertThat(retry.json().get("type").asString()).endsWith("/idempotency-key-in-flight");
        assertThat(tasksTitled(title)).hasSize(1);
    }

    private Response create(String title, String key) {
        return api.post("/api/tasks", "{\"type\":\"todo\",\"title\":\"" + title + "\"}", Map.of("Idempotency-Key", key));
    }

    /**
     * Turns the stored answer whose body names {@code taskId} back into a claim made at {@code claimedAt}, unanswered.
     *
     * @return the claim's id
     */
    private Object unanswered(String taskId, Instant claimedAt) {
        var keys = mongo.getCollection("idempotency_keys");
        Document claim = null;
        for (Document candidate : keys.find(Filters.eq("state", "done"))) {
            Binary body = candidate.get("body", Binary.class);
            if (body != null && new String(body.getData(), java.nio.charset.StandardCharsets.UTF_8).contains(taskId)) {
                claim = candidate;
            }
        }
        assertThat(claim).as("the stored answer for " + taskId).isNotNull();
        keys.updateOne(Filters.eq("_id", claim.get("_id")), Updates.combine(
                Updates.set("state", "in-flight"), Updates.set("claimedAt", Date.from(claimedAt)),
                Updates.unset("status"), Updates.unset("headers"), Updates.unset("body")));
        return claim.get("_id");
    }

    private List<Document> tasksTitled(String title) {
        return mongo.getCollection("tasks").find(Filters.eq("title", title)).into(new java.util.ArrayList<>());
    }
}
