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

    /**
     * Issue #15: whatever a client sends, the answer is a problem document (never a 500, Tomcat's HTML or Spring's
     * own JSON), and a request the service refuses changes nothing. Sent byte for byte over a socket.
     */
    @Test
    void malformedRequestsAreAnsweredWithProblemsNeverFailures() {
        RawHttp raw = new RawHttp(java.net.URI.create("http://127.0.0.1:" + port));
        java.util.Map<String, String> admin = java.util.Map.of("Authorization",
                "Bearer " + TestIdentity.shared().tokenFor(TestIdentity.ADMIN));
        assertProblem(raw.send("GET", "/api/no-such-resource?limit=%FF", admin, null), 400);
        assertProblem(raw.send("GET", "/api/no-such-resource?q=%00", admin, null), 400);
        assertProblem(raw.send("GET", "/api/no-such-resource?a%00b=1", admin, null), 400);
        assertProblem(raw.send("GET", "/api/%FF", admin, null), 400);
        assertProblem(raw.send("GET", "/api/a%00b", admin, null), 400);
        // refused by the security firewall: an encoded percent, a path parameter, an empty segment
        assertProblem(raw.send("GET", "/api/no-such-resource/a%25b", admin, null), 400);
        assertProblem(raw.send("GET", "/api/no-such-resource;x=1", admin, null), 400);
        assertProblem(raw.send("GET", "/api//no-such-resource", admin, null), 400);
        assertProblem(raw.send("POST", "/api/no-such-resource", with(admin, "Idempotency-Key", "a\u0001b"),
                "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)), 400);
        assertProblem(raw.send("GET", "/api/no-such-resource", with(admin, "X-Long", "h".repeat(20_000)), null), 400);
        String replay = "/admin/dead-letters/pulse.contract.thing.v1/replay";
        byte[] body = "{\"partition\":0,\"offset\":0}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (String type : new String[] {"application/*", "multipart/form-data", ";;;", "text/plain"}) {
            assertProblem(raw.send("POST", replay, with(admin, "Content-Type", type), body), 415);
        }
        java.util.Map<String, String> json = with(admin, "Content-Type", "application/json");
        assertProblem(raw.send("POST", replay, with(json, "Accept", "application/xml"), body), 406);
        assertProblem(raw.send("POST", replay, json, "{\"partition\":1e309}".getBytes(java.nio.charset.StandardCharsets.UTF_8)), 400);
        assertProblem(raw.send("POST", replay, json, "[null]".getBytes(java.nio.charset.StandardCharsets.UTF_8)), 400);
        assertProblem(raw.send("POST", replay, json, ("[" + "0,".repeat(50_000) + "0]").getBytes(java.nio.charset.StandardCharsets.UTF_8)), 400);
    }

    private static java.util.Map<String, String> with(java.util.Map<String, String> headers, String name, String value) {
        var all = new java.util.LinkedHashMap<>(headers);
        all.put(name, value);
        return all;
    }

    private static void assertProblem(RawHttp.Reply reply, int status) {
        assertThat(reply.status()).as(reply.describe()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).as(reply.describe()).startsWith("application/problem+json");
        assertThat(reply.text()).as(reply.describe()).contains("\"status\":" + status)
                .doesNotContain("io.pulsecrm.").doesNotContain("Exception");
        assertThat(reply.body().length).as(reply.describe()).isLessThan(4096);
    }

    private static void assertUnauthenticated(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(401);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
    }
}
