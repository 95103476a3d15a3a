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
    void publishesTheOpenApiDocumentTheWebAppIsBuiltAgainst() {
        Response openApi = api.get("/v3/api-docs");

        assertThat(openApi.status()).as(openApi.toString()).isEqualTo(200);
        assertThat(openApi.json().get("openapi").asString()).startsWith("3.");
        assertThat(openApi.json().at("/servers/0/url").asString()).as("called through the gateway").isEqualTo("/");

        java.nio.file.Path snapshot = OpenApiSnapshot.folder().resolve(serviceName + ".json");
        String live = OpenApiSnapshot.canonical(openApi.json());
        if (OpenApiSnapshot.updating()) {
            OpenApiSnapshot.write(snapshot, live);
        }
        assertThat(OpenApiSnapshot.read(snapshot))
                .as("%s is what the web app's API types are generated from. After a deliberate API change, run this "
                        + "service's tests with -D%s=true and commit the file (the web build then shows which screens "
                        + "need changing).", snapshot, OpenApiSnapshot.UPDATE_PROPERTY)
                .isEqualTo(live);
    }

    @Test
    void unknownPathsAreProblemDocuments() {
        Response missing = api.as(TestIdentity.ADMIN).get("/api/no-such-resource");

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
        assertThat(missing.header("X-Correlation-Id")).isNotBlank();
    }

    @Test
    void everyApiCallNeedsAValidTokenForThisAudience() {
        TestIdentity identity = TestIdentity.shared();
        Response none = api.get("/api/no-such-resource");
        assertUnauthenticated(none);
        assertThat(none.json().get("detail").asString()).contains("needs a bearer access token");

        assertUnauthenticated(api.withToken(identity.expiredTokenFor(TestIdentity.EAST_REP)).get("/api/no-such-resource"));
        assertUnauthenticated(api.withToken(identity.forgedTokenFor(TestIdentity.ADMIN)).get("/api/no-such-resource"));
        assertUnauthenticated(api.withToken(identity.tokenWithAudience(TestIdentity.ADMIN, "another-api")).get("/api/no-such-resource"));
        assertUnauthenticated(api.withToken("not-a-jwt").get("/api/no-such-resource"));
    }

    @Test
    void operationsEndpointsBeyondProbesAndScrapingAreForAdmins() {
        Response asRep = api.as(TestIdentity.EAST_REP).get("/actuator/metrics");
        assertThat(asRep.status()).as(asRep.toString()).isEqualTo(403);
        assertThat(asRep.header("Content-Type")).startsWith("application/problem+json");

        assertThat(api.as(TestIdentity.ADMIN).get("/actuator/metrics").status()).isEqualTo(200);
        assertThat(api.as(TestIdentity.EAST_REP).get("/admin/dead-letters/no-such-topic").status()).isEqualTo(403);
    }

    @Test
    void aPartnerClientReachesNothingItsScopesDoNotName() {
        Response response = api.withToken(TestIdentity.shared().clientToken("partner-test", "events:read"))
                .get("/api/no-such-resource");

        assertThat(response.status()).as(response.toString()).isEqualTo(403);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    }

    private static void assertUnauthenticated(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(401);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
    }
}
