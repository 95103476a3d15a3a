package io.pulsecrm.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import io.pulsecrm.platform.test.RawHttp;
import io.pulsecrm.platform.test.TestIdentity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #15: every error the gateway itself gives is a problem document, including those its HTTP server gives
 * before Spring runs (a request line or headers too long, a malformed request) and those for callers who accept
 * nothing the gateway writes; and the services' dead-letter tools are reachable through it, for admins only.
 * Requests go over a socket byte for byte, as a hostile client sends them.
 */
class ProblemAnswersTest extends GatewayTestSupport {

    RawHttp raw;
    Map<String, String> caller;

    @BeforeEach
    void connectRaw() {
        raw = new RawHttp(URI.create("http://127.0.0.1:" + port));
        caller = Map.of("Authorization", "Bearer " + IDENTITY.tokenFor(CALLER));
    }

    @Test
    void aRequestLineTooLongIs414() {
        RawHttp.Reply reply = raw.send("GET", "/api/contacts?q=" + "a".repeat(70_000), caller, null);
        assertProblem(reply, 414, "https://pulsecrm.io/problems/http-414");
    }

    @Test
    void headersTooLargeAre431() {
        RawHttp.Reply reply = raw.send("GET", "/api/contacts", Map.of("X-Large", "h".repeat(70_000)), null);
        assertProblem(reply, 431, "https://pulsecrm.io/problems/http-431");
    }

    @Test
    void aMalformedRequestIs400() {
        assertProblem(raw.send("GET", "/api/contacts/%", caller, null), 400, "https://pulsecrm.io/problems/malformed-request");
        assertProblem(raw.send("GET", "/api/contacts", Map.of("X-Bad", "a\u0000b"), null), 400,
                "https://pulsecrm.io/problems/malformed-request");
    }

    @Test
    void theGatewaysOwnErrorsAreProblemsWhateverTheCallerAccepts() {
        for (String accept : new String[] {"garbage", "application/xml", "text/html", "*/*;q=0"}) {
            RawHttp.Reply missing = raw.send("GET", "/api/no-such-path", Map.of("Accept", accept,
                    "Authorization", caller.get("Authorization")), null);
            assertProblem(missing, 404, "https://pulsecrm.io/problems/http-404");
            if (!accept.equals("text/html")) { // a browser's page request outside the API is the web app's
                RawHttp.Reply notAPage = raw.send("GET", "/no-such-path", Map.of("Accept", accept), null);
                assertProblem(notAPage, 404, "https://pulsecrm.io/problems/http-404");
            }
            RawHttp.Reply anonymous = raw.send("GET", "/api/contacts", Map.of("Accept", accept), null);
            assertProblem(anonymous, 401, "https://pulsecrm.io/problems/unauthenticated");
        }
    }

    @Test
    void adminsReachEachServicesDeadLettersThroughTheGateway() {
        String requestId = UUID.randomUUID().toString();
        String admin = "Bearer " + IDENTITY.tokenFor(TestIdentity.ADMIN);
        RawHttp.Reply listed = raw.send("GET", "/admin/contacts/dead-letters/pulse.deals.deal.v1?limit=5",
                Map.of("Authorization", admin, "X-Request-Id", requestId), null);

        assertThat(listed.status()).as(listed.describe()).isEqualTo(200);
        DownstreamStub.RecordedRequest received = SERVICES.requestWithId(requestId).orElseThrow();
        assertThat(received.path()).isEqualTo("/admin/dead-letters/pulse.deals.deal.v1");
        assertThat(received.rawQuery()).isEqualTo("limit=5");
        assertThat(received.header("Authorization")).as("the service checks the token again")
                .isEqualTo(admin);
    }

    @Test
    void otherCallersDoNotReachTheDeadLetters() {
        String path = "/admin/notification/dead-letters/pulse.tasks.task.v1/replay";
        String[] ids = {UUID.randomUUID().toString(), UUID.randomUUID().toString(), UUID.randomUUID().toString()};
        RawHttp.Reply rep = raw.send("POST", path, Map.of("Authorization", "Bearer " + IDENTITY.tokenFor(TestIdentity.EAST_REP),
                "Content-Type", "application/json", "X-Request-Id", ids[0]), "{}".getBytes());
        assertProblem(rep, 403, "https://pulsecrm.io/problems/forbidden");
        RawHttp.Reply manager = raw.send("GET", "/admin/contacts/dead-letters/x", Map.of("Authorization",
                caller.get("Authorization"), "X-Request-Id", ids[1]), null);
        assertProblem(manager, 403, "https://pulsecrm.io/problems/forbidden");
        RawHttp.Reply anonymous = raw.send("POST", path, Map.of("Content-Type", "application/json", "X-Request-Id", ids[2]),
                "{}".getBytes());
        assertProblem(anonymous, 401, "https://pulsecrm.io/problems/unauthenticated");
        for (String id : ids) {
            assertThat(SERVICES.requestWithId(id)).as("refused at the gateway").isEmpty();
        }
    }

    private static void assertProblem(RawHttp.Reply reply, int status, String type) {
        assertThat(reply.status()).as(reply.describe()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).as(reply.describe()).startsWith("application/problem+json");
        assertThat(reply.text()).as(reply.describe()).contains("\"status\":" + status).contains("\"type\":\"" + type + "\"");
    }
}
