package io.pulsecrm.platform.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsecrm.platform.test.ApiClient.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What every Pulse service promises operations, whatever its domain: Kubernetes probes that include its
 * store and broker, Prometheus metrics tagged with the service, and problem+json for unknown paths.
 * Each service's test suite has a subclass.
 */
@PulseInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ServiceContractTest {

    @LocalServerPort
    int port;
    @Value("${spring.application.name}")
    String serviceName;
    protected ApiClient api;

    @BeforeEach
    void client() {
        api = ApiClient.localhost(port);
    }

    @Test
    void readinessCoversTheServicesOwnStoreAndTheBroker() {
        Response readiness = api.get("/actuator/health/readiness");

        assertThat(readiness.status()).as(readiness.toString()).isEqualTo(200);
        assertThat(readiness.json().get("status").asString()).isEqualTo("UP");
        assertThat(readiness.json().get("components").propertyNames()).contains("mongo", "kafka", "readinessState");
        assertThat(readiness.json().at("/components/kafka/status").asString()).isEqualTo("UP");
    }

    @Test
    void livenessIsUp() {
        Response liveness = api.get("/actuator/health/liveness");

        assertThat(liveness.status()).isEqualTo(200);
        assertThat(liveness.json().get("status").asString()).isEqualTo("UP");
    }

    @Test
    void prometheusExposesMetricsTaggedWithTheService() {
        api.get("/actuator/health");
        Response metrics = api.get("/actuator/prometheus");

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("service=\"" + serviceName + "\"");
    }

    @Test
    void publishesItsOpenApiDocument() {
        Response openApi = api.get("/v3/api-docs");

        assertThat(openApi.status()).as(openApi.toString()).isEqualTo(200);
        assertThat(openApi.json().get("openapi").asString()).startsWith("3.");
    }

    @Test
    void unknownPathsAreProblemDocuments() {
        Response missing = api.get("/api/no-such-resource");

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
        assertThat(missing.header("X-Correlation-Id")).isNotBlank();
    }
}
