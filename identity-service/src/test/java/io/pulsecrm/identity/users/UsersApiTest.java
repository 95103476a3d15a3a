package io.pulsecrm.identity.users;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.pulsecrm.identity.IdentityServiceTestSupport;
import io.pulsecrm.platform.test.RawHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class UsersApiTest extends IdentityServiceTestSupport {

    private String partnerToken;

    @BeforeEach
    void partnerWithUsersRead() {
        partnerToken = clientToken("partner-erp", "erp-secret", "users:read");
    }

    @Test
    void listsEveryUserWithTheirManagerAndNeverAPassword() {
        HttpResponse<String> response = getWithToken("/api/users", partnerToken);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(ids(response)).containsExactly("alex", "maria", "ada", "bob", "wes", "cleo");
        assertThat(response.body()).doesNotContain("password").doesNotContain("{noop}");
        Map<String, Object> ada = jsonList(response).get(2);
        assertThat(ada).containsEntry("id", "ada")
                .containsEntry("name", "Ada Lovelace")
                .containsEntry("email", "ada@pulse.example")
                .containsEntry("roles", List.of("rep"))
                .containsEntry("team", "east")
                .containsEntry("managerId", "maria");
    }

    @Test
    void searchesByTextTeamAndRole() {
        assertThat(ids(getWithToken("/api/users?q=LOVELACE", partnerToken))).containsExactly("ada");
        assertThat(ids(getWithToken("/api/users?q=cleo@pulse", partnerToken))).containsExactly("cleo");
        assertThat(ids(getWithToken("/api/users?team=west", partnerToken))).containsExactly("wes", "cleo");
        assertThat(ids(getWithToken("/api/users?role=manager", partnerToken))).containsExactly("maria", "wes");
        assertThat(ids(getWithToken("/api/users?team=east&role=rep", partnerToken))).containsExactly("ada", "bob");
        assertThat(ids(getWithToken("/api/users?q=nobody-like-this", partnerToken))).isEmpty();
    }

    @Test
    void unknownRoleIsABadRequestProblem() {
        HttpResponse<String> response = getWithToken("/api/users?role=wizard", partnerToken);

        assertProblem(response, 400);
    }

    @Test
    void findsOneUserAndAManagerHasNoManager() {
        HttpResponse<String> maria = getWithToken("/api/users/maria", partnerToken);
        HttpResponse<String> alex = getWithToken("/api/users/alex", partnerToken);

        assertThat(maria.statusCode()).isEqualTo(200);
        assertThat(json(maria)).containsEntry("roles", List.of("manager")).containsEntry("managerId", null);
        assertThat(json(alex)).containsEntry("team", null).containsEntry("managerId", null);
    }

    @Test
    void unknownUserIsANotFoundProblem() {
        HttpResponse<String> response = getWithToken("/api/users/nobody", partnerToken);

        Map<String, Object> problem = assertProblem(response, 404);
        assertThat((String) problem.get("detail")).contains("nobody");
    }

    @Test
    void listsTeamsWithManagersAndMembers() {
        HttpResponse<String> response = getWithToken("/api/teams", partnerToken);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(jsonList(response)).containsExactly(
                Map.of("id", "east", "name", "East", "managerId", "maria", "memberIds", List.of("ada", "bob", "maria")),
                Map.of("id", "west", "name", "West", "managerId", "wes", "memberIds", List.of("cleo", "wes")));
    }

    @Test
    void anySignedInUserMayReadTheDirectory() {
        String repToken = (String) userTokens("cleo", "cleo").get("access_token");

        assertThat(ids(getWithToken("/api/users?team=east", repToken))).containsExactly("maria", "ada", "bob");
    }

    @Test
    void withoutTokenOrWithABadOneIsUnauthorized() throws JOSEException {
        HttpResponse<String> anonymous = get("/api/users");
        HttpResponse<String> garbage = getWithToken("/api/users", "not-a-jwt");
        HttpResponse<String> forged = getWithToken("/api/users", forgedToken());
        String idToken = (String) userTokens("ada", "ada").get("id_token");
        HttpResponse<String> wrongAudience = getWithToken("/api/users", idToken);

        for (HttpResponse<String> response : List.of(anonymous, garbage, forged, wrongAudience)) {
            assertProblem(response, 401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    header -> assertThat(header).startsWith("Bearer"));
        }
    }

    @Test
    void clientWithoutUsersReadIsForbidden() {
        String eventsOnly = clientToken("partner-events", "events-secret", null);

        HttpResponse<String> response = getWithToken("/api/users", eventsOnly);

        assertProblem(response, 403);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                header -> assertThat(header).contains("insufficient_scope"));
        assertProblem(getWithToken("/api/teams", eventsOnly), 403);
    }

    @Test
    void aChangedDirectoryFileShowsUpWithoutARestart() throws IOException {
        String withZoe = DIRECTORY_YAML.replace("clients:\n", """
                  - id: zoe
                    name: Zoe Zhang
                    email: zoe@pulse.example
                    roles: [rep]
                    team: west
                    password: "{noop}zoe"
                clients:
                """);
        try {
            rewriteDirectory(withZoe);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(ids(getWithToken("/api/users?q=zoe", partnerToken))).containsExactly("zoe"));
            assertThat(json(getWithToken("/api/users/zoe", partnerToken))).containsEntry("managerId", "wes");
            // the issuer reads the same snapshot: the new user can sign in at once
            assertThat(userTokens("zoe", "zoe")).containsKey("access_token");
        } finally {
            rewriteDirectory(DIRECTORY_YAML);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertProblem(getWithToken("/api/users/zoe", partnerToken), 404));
        }
    }

    /** Issue #15: bad input to the users API is a problem document too, as from every Pulse service. */
    @Test
    void malformedRequestsAreProblemDocuments() {
        RawHttp raw = new RawHttp(java.net.URI.create(url("/")));
        Map<String, String> partner = Map.of("Authorization", "Bearer " + partnerToken);
        for (String target : List.of("/api/users?q=%FF", "/api/users?q=%00", "/api/users/%FF", "/api/users/a%00b")) {
            RawHttp.Reply reply = raw.send("GET", target, partner, null);
            assertThat(reply.status()).as(target + " " + reply.describe()).isEqualTo(400);
            assertThat(reply.header("Content-Type")).as(target).startsWith("application/problem+json");
        }
        RawHttp.Reply xml = raw.send("GET", "/api/users", Map.of("Authorization",
                "Bearer " + partnerToken, "Accept", "application/xml"), null);
        assertThat(xml.status()).isEqualTo(406);
        assertThat(xml.header("Content-Type")).startsWith("application/problem+json");
        assertThat(xml.text()).contains("\"status\":406");
    }

    @Test
    void publishesTheUsersApisOpenApiDocument() throws Exception {
        HttpResponse<String> document = get("/v3/api-docs");
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(document.body()).at("/paths").propertyNames()).contains("/api/users", "/api/users/{id}", "/api/teams");
    }

    private static void rewriteDirectory(String yaml) throws IOException {
        Files.writeString(DIRECTORY_FILE, yaml);
        // some file systems keep modification times to the second or two: make the change visible for sure
        FileTime current = Files.getLastModifiedTime(DIRECTORY_FILE);
        Files.setLastModifiedTime(DIRECTORY_FILE, FileTime.from(current.toInstant().plusSeconds(2)));
    }

    /** Well-formed and shaped like the issuer's, but signed by a key the issuer never had. */
    private static String forgedToken() throws JOSEException {
        RSAKey key = new RSAKeyGenerator(2048).keyID("forged").generate();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject("ada")
                .claim("roles", List.of("admin"))
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(600)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static List<Object> ids(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return jsonList(response).stream().map(user -> user.get("id")).toList();
    }

    private static Map<String, Object> assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        Map<String, Object> problem = json(response);
        assertThat(problem).containsEntry("status", status).containsKeys("title", "detail");
        return problem;
    }
}
