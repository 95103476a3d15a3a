package io.pulsecrm.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.pulsecrm.bench.cost.CostMeter;

import org.junit.jupiter.api.Test;

class BenchOptionsParserTest {

    @Test
    void defaultsTargetTheLocalPlatform() {
        BenchOptions options = BenchOptionsParser.parse(new String[0], Map.of());

        assertThat(options.gateway()).isEqualTo(URI.create("http://127.0.0.1:8080"));
        assertThat(options.mongoUri()).isEqualTo("mongodb://127.0.0.1:27017");
        assertThat(options.kafkaBootstrap()).isEqualTo("127.0.0.1:9092");
        assertThat(options.scenarios()).isEmpty();
        assertThat(options.concurrency()).isEqualTo(8);
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.requests()).isEmpty();
        assertThat(options.warmup()).isEqualTo(Duration.ofSeconds(3));
        assertThat(options.bearerToken()).isEmpty();
        assertThat(options.reuseFixtures()).isFalse();
    }

    @Test
    void everyOptionIsParsed() {
        BenchOptions options = BenchOptionsParser.parse(new String[] {
                "--scenario", "contact-create, mongo-insert", "--concurrency=32", "--duration", "2m",
                "--requests", "5000", "--warmup", "0", "--fixtures", "50", "--timeout", "500ms",
                "--gateway", "http://localhost:9080/", "--mongo", "mongodb://h:1", "--kafka", "h:2", "--json",
                "--reuse-fixtures"},
                Map.of(BenchOptionsParser.TOKEN_ENV, "abc"));

        assertThat(options.scenarios()).containsExactly("contact-create", "mongo-insert");
        assertThat(options.concurrency()).isEqualTo(32);
        assertThat(options.duration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(options.requests()).hasValue(5000);
        assertThat(options.warmup()).isZero();
        assertThat(options.fixtures()).isEqualTo(50);
        assertThat(options.reuseFixtures()).isTrue();
        assertThat(options.targets().reuseFixtures()).isTrue();
        assertThat(options.requestTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(options.gateway()).isEqualTo(URI.create("http://localhost:9080"));
        assertThat(options.mongoUri()).isEqualTo("mongodb://h:1");
        assertThat(options.kafkaBootstrap()).isEqualTo("h:2");
        assertThat(options.json()).isTrue();
        assertThat(options.bearerToken()).isEqualTo(Optional.of("abc"));
        assertThat(options.targets().concurrency()).isEqualTo(32);
        assertThat(options.plan().describe()).isEqualTo("5000 operations at concurrency 32");
    }

    @Test
    void mistakesSayWhatIsWrong() {
        assertThatThrownBy(() -> parse("--duration", "soon")).hasMessageContaining("10s, 500ms or 2m");
        assertThatThrownBy(() -> parse("--duration", "0")).hasMessageContaining("longer than zero");
        assertThatThrownBy(() -> parse("--concurrency", "0")).hasMessageContaining("between 1 and");
        assertThatThrownBy(() -> parse("--requests")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> parse("--gateway", "localhost")).hasMessageContaining("takes a URL");
        assertThatThrownBy(() -> parse("--turbo", "1")).hasMessageContaining("Unknown option '--turbo'");
    }

    private static BenchOptions parse(String... args) {
        return BenchOptionsParser.parse(args, Map.of());
    }

    @Test
    void theCostIsReadFromTheLocalRunnersProcessesUnlessOtherProcessesOrNoneAreNamed() {
        assertThat(BenchOptionsParser.parse(new String[0], Map.of()).costFrom())
                .extracting(CostMeter.Endpoint::name)
                .containsExactly("gateway", "identity", "contacts", "deals", "tasks", "automation", "notification");
        assertThat(BenchOptionsParser.parse(new String[] {"--no-cost"}, Map.of()).costFrom()).isEmpty();

        BenchOptions replicas = BenchOptionsParser.parse(new String[] {
                "--services", "contacts=http://127.0.0.1:8081/, contacts-2=http://127.0.0.1:8181"}, Map.of());

        assertThat(replicas.costFrom()).containsExactly(
                new CostMeter.Endpoint("contacts", URI.create("http://127.0.0.1:8081")),
                new CostMeter.Endpoint("contacts-2", URI.create("http://127.0.0.1:8181")));
        assertThatThrownBy(() -> BenchOptionsParser.parse(new String[] {"--services", "contacts"}, Map.of()))
                .isInstanceOf(UsageException.class).hasMessageContaining("name=URL");
    }
}
