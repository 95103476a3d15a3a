package io.pulsecrm.contacts.customfields;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.pulsecrm.platform.test.ManualClock;
import io.pulsecrm.platform.test.ServiceApiTest;
import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * Writes are checked against the custom field definitions a replica read at most {@code definitions-ttl} ago: a change
 * made through a replica applies there at once, and on every other replica (here a second {@link CustomFields} on the
 * same store, with a clock the test moves) once the TTL has passed, never later.
 */
class CustomFieldDefinitionsAcrossReplicasTest extends ServiceApiTest {

    @Autowired
    MongoTemplate mongo;

    private final ManualClock clock = new ManualClock();
    /** An object type of this test alone, so other tests' definitions do not count. */
    private final String type = "replicas" + System.nanoTime();

    private CustomFields replica(Duration ttl) {
        return new CustomFields(mongo, clock, new CustomFieldsProperties(ttl));
    }

    private List<FieldProblem> check(CustomFields replica, Map<String, Object> values) {
        List<FieldProblem> problems = new ArrayList<>();
        replica.normalize(type, values, null, problems);
        return problems;
    }

    private void define(CustomFields through, String key, boolean required) {
        mongo.insert(new CustomFieldDefinition(type + ":" + key, type, key, key, "text", List.of(), required, clock.instant()));
        through.changed(type);
    }

    private void delete(CustomFields through, String key) {
        mongo.remove(Query.query(Criteria.where("_id").is(type + ":" + key)), CustomFieldDefinition.class);
        through.changed(type);
    }

    @Test
    void aDefinitionChangedOnOneReplicaAppliesThereAtOnceAndOnTheOthersWithinTheTtl() {
        CustomFields a = replica(Duration.ofSeconds(5));
        CustomFields b = replica(Duration.ofSeconds(5));
        assertThat(check(a, Map.of("tier", "gold"))).extracting(FieldProblem::field).containsExactly("customFields.tier");
        assertThat(check(b, Map.of("tier", "gold"))).hasSize(1);

        define(a, "tier", true);
        assertThat(check(a, Map.of("tier", "gold"))).as("the replica that made the change").isEmpty();
        assertThat(check(a, Map.of())).extracting(FieldProblem::message).containsExactly("is required");
        assertThat(check(b, Map.of("tier", "gold"))).as("another replica, within the TTL").hasSize(1);

        clock.set(clock.instant().plus(Duration.ofSeconds(5)));
        assertThat(check(b, Map.of("tier", "gold"))).as("another replica, once the TTL passed").isEmpty();
        assertThat(check(b, Map.of())).extracting(FieldProblem::message).containsExactly("is required");

        assertThat(check(a, Map.of())).as("read again once its TTL passed").hasSize(1);
        delete(b, "tier");
        assertThat(check(b, Map.of())).isEmpty();
        assertThat(check(a, Map.of())).as("the other replica, within the TTL").hasSize(1);
        clock.set(clock.instant().plus(Duration.ofSeconds(5)));
        assertThat(check(a, Map.of())).isEmpty();
    }

    @Test
    void theDefinitionsAreReadOncePerTtlAndEveryTimeWithAZeroTtl() {
        CustomFields cached = replica(Duration.ofSeconds(5));
        CustomFields uncached = replica(Duration.ZERO);
        check(cached, Map.of());
        check(uncached, Map.of());
        // a definition stored behind both replicas' backs (as another replica would)
        mongo.insert(new CustomFieldDefinition(type + ":seats", type, "seats", "Seats", "number", List.of(), true, clock.instant()));
        assertThat(check(uncached, Map.of())).hasSize(1);
        assertThat(check(cached, Map.of())).isEmpty();
        clock.set(clock.instant().plus(Duration.ofSeconds(4)));
        assertThat(check(cached, Map.of())).isEmpty();
        clock.set(clock.instant().plus(Duration.ofSeconds(1)));
        assertThat(check(cached, Map.of())).hasSize(1);
    }

    @Test
    void aClockThatWentBackReadsThemAgain() {
        CustomFields a = replica(Duration.ofSeconds(5));
        check(a, Map.of());
        mongo.insert(new CustomFieldDefinition(type + ":x", type, "x", "X", "text", List.of(), true, clock.instant()));
        clock.set(clock.instant().minusSeconds(1));
        assertThat(check(a, Map.of())).hasSize(1);
    }
}
