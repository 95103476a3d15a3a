package io.pulsecrm.automation.calls;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class ServiceInstancesTest {

    static final URI ONE = URI.create("http://127.0.0.1:8081");
    static final URI TWO = URI.create("http://127.0.0.1:8181");
    static final Duration COOL_DOWN = Duration.ofSeconds(5);

    Instant now = Instant.parse("2026-11-23T10:00:00Z");
    final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void callsGoToTheInstancesInTurn() {
        ServiceInstances instances = new ServiceInstances(List.of(ONE, TWO), COOL_DOWN, clock);

        assertThat(picks(instances, 4)).containsExactly(ONE, TWO, ONE, TWO);
    }

    @Test
    void anInstanceWhoseCallFailedIsPassedOverUntilItsCoolDownEnds() {
        ServiceInstances instances = new ServiceInstances(List.of(ONE, TWO), COOL_DOWN, clock);
        instances.failed(ONE);

        assertThat(picks(instances, 4)).as("the retry and the calls after it").containsOnly(TWO);

        now = now.plus(COOL_DOWN);
        assertThat(picks(instances, 4)).contains(ONE, TWO);
    }

    @Test
    void whenEveryInstanceFailedLatelyTheyAreTriedAnyway() {
        ServiceInstances instances = new ServiceInstances(List.of(ONE, TWO), COOL_DOWN, clock);
        instances.failed(ONE);
        instances.failed(TWO);

        assertThat(picks(instances, 4)).containsOnly(ONE, TWO).hasSize(4);
    }

    @Test
    void aSingleUrlIsNeverPassedOver() {
        ServiceInstances instances = new ServiceInstances(List.of(ONE), COOL_DOWN, clock);
        instances.failed(ONE);

        assertThat(picks(instances, 3)).containsOnly(ONE).hasSize(3);
    }

    private static List<URI> picks(ServiceInstances instances, int count) {
        return IntStream.range(0, count).mapToObj(i -> instances.pick()).toList();
    }
}
