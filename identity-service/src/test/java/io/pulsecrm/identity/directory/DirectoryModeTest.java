package io.pulsecrm.identity.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import io.pulsecrm.identity.IdentityServiceApplication;
import io.pulsecrm.platform.test.TestIdentity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The users API alone, in front of another identity provider (here the platform's test issuer: a real JWK set and
 * discovery document over HTTP): its tokens are accepted, and nothing of the demo issuer is served.
 */
class DirectoryModeTest {

    private static final TestIdentity PROVIDER = TestIdentity.shared();
    private static ConfigurableApplicationContext app;
    private static String base;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        Path directory = Files.createTempFile("directory", ".yaml");
        Files.writeString(directory, """
                teams:
                  - {id: east, name: East, managerId: maria}
                users:
                  - {id: maria, name: Maria Manager, email: maria@pulse.example, roles: [manager], team: east}
                  - {id: ada, name: Ada Lovelace, email: ada@pulse.example, roles: [rep], team: east}
                """);
        app = new SpringApplicationBuilder(IdentityServiceApplication.class).run("--server.port=0",
                "--pulse.identity.mode=directory", "--pulse.identity.directory-file=" + directory,
                "--pulse.identity.issuer-url=" + PROVIDER.issuer());
        base = "http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void theProvidersTokensReadTheDirectory() throws Exception {
        HttpResponse<String> users = get("/api/users?team=east", PROVIDER.tokenFor(TestIdentity.EAST_REP));
        HttpResponse<String> teams = get("/api/teams", PROVIDER.tokenFor(TestIdentity.EAST_REP));

        assertThat(users.statusCode()).as(users.body()).isEqualTo(200);
        assertThat(users.body()).contains("\"Ada Lovelace\"", "\"Maria Manager\"").doesNotContain("password");
        assertThat(teams.body()).contains("\"memberIds\"");
    }

    @Test
    void otherTokensAreRefusedAsByEveryService() throws Exception {
        assertThat(get("/api/users", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/users", PROVIDER.forgedTokenFor(TestIdentity.ADMIN)).statusCode()).isEqualTo(401);
        assertThat(get("/api/users", PROVIDER.tokenWithAudience(TestIdentity.ADMIN, "another-api")).statusCode()).isEqualTo(401);
        assertThat(get("/api/users", PROVIDER.expiredTokenFor(TestIdentity.ADMIN)).statusCode()).isEqualTo(401);
    }

    @Test
    void noneOfTheDemoIssuerIsServed() throws Exception {
        assertThat(get("/login", null).statusCode()).isIn(401, 403);
        assertThat(get("/.well-known/openid-configuration", null).statusCode()).isIn(401, 403, 404);
        assertThat(get("/oauth2/jwks", null).statusCode()).isIn(401, 403, 404);
        assertThat(get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
