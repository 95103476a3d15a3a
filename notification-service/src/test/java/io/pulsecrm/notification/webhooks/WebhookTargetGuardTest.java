package io.pulsecrm.notification.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.ServiceApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** The platform's SSRF guard as it is in production (no loopback targets either), at the webhooks API. */
@TestPropertySource(properties = "pulse.outbound.allow-loopback=false")
class WebhookTargetGuardTest extends ServiceApiTest {

    @Test
    void targetsOnInternalAddressesAreRefused() {
        for (String url : List.of("http://127.0.0.1:8080/hooks", "http://localhost/hooks", "http://10.1.2.3/x",
                "http://192.168.0.10/x", "http://172.16.5.5/x", "http://169.254.169.254/latest/meta-data",
                "http://[::1]/x", "http://[fd00::1]/x", "http://0.0.0.0/x", "http://100.64.0.1/x",
                "http://[::ffff:127.0.0.1]/x", "http://198.18.0.1/x", "http://240.0.0.1/x",
                "http://[64:ff9b::7f00:1]/x", "http://[2002:a00:1::1]/x", "http://[fe80::1]/x", "http://224.0.0.1/x")) {
            Response response = create(url);
            assertThat(response.status()).as(url + " " + response).isEqualTo(400);
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            assertThat(fields(response)).as(url).contains("targetUrl");
        }
    }

    @Test
    void malformedSubscriptionsAreRefusedWithTheFieldsAtFault() {
        assertThat(fields(create("ftp://example.com/x"))).contains("targetUrl");
        assertThat(fields(create("not a url"))).contains("targetUrl");
        assertThat(fields(create("http://user:pw@example.com/x"))).contains("targetUrl");
        Response noTypes = api.post("/api/webhooks", "{\"targetUrl\":\"https://example.com/x\",\"eventTypes\":[]}");
        assertThat(noTypes.status()).isEqualTo(400);
        assertThat(fields(noTypes)).contains("eventTypes");
        Response badSecret = api.post("/api/webhooks",
                "{\"targetUrl\":\"https://example.com/x\",\"eventTypes\":[\"*\"],\"secret\":\"short\"}");
        assertThat(fields(badSecret)).contains("secret");
        assertThat(api.post("/api/webhooks", "{\"targetUrl\":\"https://example.com/x\",\"eventTypes\":[\"*\"],\"$where\":1}")
                .status()).isEqualTo(400);
        assertThat(api.post("/api/webhooks", "{").status()).isEqualTo(400);
        assertThat(api.post("/api/webhooks", "").status()).isEqualTo(400);
        assertThat(api.get("/api/webhooks?limit=0").status()).isEqualTo(400);
        assertThat(api.get("/api/webhooks/nope").status()).isEqualTo(404);
    }

    /** Issue #15: a 406 used to come after the subscription was stored, and its secret, shown once, was lost. */
    @Test
    void aSubscriptionRefusedForWhatTheCallerAcceptsIsNotCreated() {
        String url = "https://93.184.215.14/not-acceptable-" + java.util.UUID.randomUUID();
        for (String accept : List.of("application/xml", "text/html", "application/problem+json")) {
            Response refused = api.send("POST", "/api/webhooks", "{\"targetUrl\":\"" + url + "\",\"eventTypes\":[\"*\"]}",
                    java.util.Map.of("Content-Type", "application/json", "Accept", accept));
            assertThat(refused.status()).as(accept + " " + refused).isEqualTo(406);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        }
        assertThat(api.get("/api/webhooks?limit=200").body()).doesNotContain(url);
        assertThat(create(url).status()).as("accepted with JSON").isEqualTo(201);
    }

    private Response create(String url) {
        return api.post("/api/webhooks", "{\"targetUrl\":\"" + url + "\",\"eventTypes\":[\"pulse.task.*\"]}");
    }

    private static List<String> fields(Response response) {
        JsonNode errors = response.json().path("errors");
        return errors.valueStream().map(e -> e.get("field").asString()).toList();
    }
}
