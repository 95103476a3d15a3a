package io.pulsecrm.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.ApiClient.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue #3's promises, proven through the gateway against the real issuer, gateway and contacts-service:
 * who may call at all, who sees which records, what partner scopes allow, and per-principal rate limits.
 */
class IdentityThroughGatewayTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static E2ePlatform platform;

    @BeforeAll
    static void startPlatform() {
        platform = E2ePlatform.shared();
    }

    @Test
    void callsWithoutAValidTokenAre401Problems() {
        assertUnauthenticated(platform.gateway().get("/api/contacts"));
        assertUnauthenticated(platform.gateway().withToken("not.a.jwt").get("/api/contacts"));

        // a rep's real token with the payload rewritten to claim the admin role: the signature no longer matches
        String[] parts = platform.userToken("ada").split("\\.");
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        String forgedPayload = claims.toString().replace("\"rep\"", "\"admin\"");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(forgedPayload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertUnauthenticated(platform.gateway().withToken(forged).get("/api/contacts"));
    }

    @Test
    void signedInUsersCarryTheirRolesAndTeamFromTheDirectory() {
        JsonNode claims = claimsOf(platform.userToken("maria"));

        assertThat(claims.get("sub").asString()).isEqualTo("maria");
        assertThat(claims.get("roles").toString()).contains("manager");
        assertThat(claims.get("team").asString()).isEqualTo("east");
        assertThat(claims.get("aud").toString()).contains("pulse-api");
    }

    @Test
    void aRepCannotReadListSearchUpdateOrDeleteAnotherRepsContact() {
        String marker = unique();
        JsonNode contact = createContact(platform.as("ada"), marker);
        String id = contact.get("id").asString();
        assertThat(contact.get("ownerId").asString()).as("a rep's new contact is theirs").isEqualTo("ada");

        ApiClient bob = platform.as("bob");
        assertThat(bob.get("/api/contacts/" + id).status()).isEqualTo(404);
        assertThat(ids(bob.get("/api/contacts?q=" + marker))).doesNotContain(id);
        assertThat(ids(bob.get("/api/contacts?limit=200"))).doesNotContain(id);
        assertThat(bob.patch("/api/contacts/" + id, "{\"jobTitle\":\"hijacked\"}", Map.of("If-Match", "\"0\"")).status())
                .isEqualTo(404);
        assertThat(bob.delete("/api/contacts/" + id, Map.of("If-Match", "\"0\"")).status()).isEqualTo(404);

        Response own = platform.as("ada").get("/api/contacts/" + id);
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.json().has("jobTitle") && "hijacked".equals(own.json().get("jobTitle").asString())).isFalse();
        assertThat(ids(platform.as("ada").get("/api/contacts?q=" + marker))).containsExactly(id);
    }

    @Test
    void managersSeeTheirTeamsRecordsAndNotOtherTeamsWhileAdminsSeeAll() {
        String marker = unique();
        String id = createContact(platform.as("ada"), marker).get("id").asString();

        assertThat(platform.as("maria").get("/api/contacts/" + id).status()).isEqualTo(200);
        assertThat(ids(platform.as("maria").get("/api/contacts?q=" + marker))).containsExactly(id);

        assertThat(platform.as("wes").get("/api/contacts/" + id).status()).isEqualTo(404);
        assertThat(ids(platform.as("wes").get("/api/contacts?q=" + marker))).isEmpty();

        assertThat(platform.as("alex").get("/api/contacts/" + id).status()).isEqualTo(200);
        assertThat(ids(platform.as("alex").get("/api/contacts?q=" + marker))).containsExactly(id);
    }

    @Test
    void partnerClientsActOnlyWithinTheirScopes() {
        ApiClient eventsOnly = platform.asClient("partner-events", "events-secret");
        Response write = eventsOnly.post("/api/contacts", contactJson(unique()));
        assertThat(write.status()).as(write.toString()).isEqualTo(403);
        assertThat(write.header("Content-Type")).startsWith("application/problem+json");
        assertThat(eventsOnly.get("/api/contacts").status()).isEqualTo(403);

        ApiClient erp = platform.asClient("partner-erp", "erp-secret");
        String marker = unique();
        Response created = erp.post("/api/contacts", contactJson(marker));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(ids(erp.get("/api/contacts?q=" + marker))).containsExactly(created.json().get("id").asString());
    }

    @Test
    void theGatewayRateLimitsEachPrincipalAndSaysWhenToComeBack() {
        ApiClient limited = platform.asClient(E2ePlatform.LIMITED_CLIENT, "limited-secret");
        Response last = null;
        for (int call = 0; call <= E2ePlatform.LIMITED_CLIENT_CAPACITY; call++) {
            last = limited.get("/api/contacts?limit=1");
            if (last.status() == 429) {
                break;
            }
            assertThat(last.status()).as(last.toString()).isEqualTo(200);
            assertThat(last.header("RateLimit-Limit")).isEqualTo(String.valueOf(E2ePlatform.LIMITED_CLIENT_CAPACITY));
        }

        assertThat(last.status()).as(last.toString()).isEqualTo(429);
        assertThat(last.header("Content-Type")).startsWith("application/problem+json");
        assertThat(Long.parseLong(last.header("Retry-After"))).isPositive();
        assertThat(last.header("RateLimit-Remaining")).isEqualTo("0");
        assertThat(platform.as("ada").get("/api/contacts?limit=1").status())
                .as("another principal's budget is untouched").isEqualTo(200);
    }

    @Test
    void theUsersDirectoryAnswersThroughTheGateway() {
        Response east = platform.as("ada").get("/api/users?team=east");

        assertThat(east.status()).as(east.toString()).isEqualTo(200);
        assertThat(east.body()).contains("\"maria\"", "\"ada\"", "\"bob\"").doesNotContain("\"cleo\"", "password");
        assertUnauthenticated(platform.gateway().get("/api/users"));
    }

    private static JsonNode createContact(ApiClient client, String marker) {
        Response created = client.post("/api/contacts", contactJson(marker));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    private static String contactJson(String marker) {
        return "{\"firstName\":\"E2e\",\"lastName\":\"" + marker + "\",\"email\":\"" + marker + "@e2e.example\"}";
    }

    private static List<String> ids(Response page) {
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        return page.json().get("items").valueStream().map(item -> item.get("id").asString()).toList();
    }

    private static void assertUnauthenticated(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(401);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
    }

    private static JsonNode claimsOf(String jwt) {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    private static String unique() {
        return "e2e" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
