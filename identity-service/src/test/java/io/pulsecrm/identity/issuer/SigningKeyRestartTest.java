package io.pulsecrm.identity.issuer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.pulsecrm.identity.IdentityServiceApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static io.pulsecrm.identity.IdentityServiceTestSupport.DIRECTORY_YAML;
import static org.assertj.core.api.Assertions.assertThat;

/** With a key file, tokens issued before a restart stay valid after it. */
class SigningKeyRestartTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void keyFileKeepsTheSigningKeyAcrossRestarts(@TempDir Path dir) throws Exception {
        Path directory = Files.writeString(dir.resolve("directory.yaml"), DIRECTORY_YAML);
        Path keyFile = dir.resolve("keys/signing-key.json");
        String[] args = {"--server.port=0", "--pulse.identity.directory-file=" + directory,
                "--pulse.identity.key-file=" + keyFile};

        String kid;
        String token;
        try (ConfigurableApplicationContext first = new SpringApplicationBuilder(IdentityServiceApplication.class).run(args)) {
            String base = baseUrl(first);
            kid = onlyKeyId(base);
            token = clientToken(base);
        }
        assertThat(keyFile).exists();

        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(IdentityServiceApplication.class).run(args)) {
            String base = baseUrl(second);
            assertThat(onlyKeyId(base)).isEqualTo(kid);
            HttpResponse<String> users = http.send(HttpRequest.newBuilder(URI.create(base + "/api/users"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(users.statusCode()).as(users.body()).isEqualTo(200);
        }
    }

    private static String baseUrl(ConfigurableApplicationContext context) {
        return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    private String onlyKeyId(String base) throws Exception {
        HttpResponse<String> jwks = http.send(HttpRequest.newBuilder(URI.create(base + "/oauth2/jwks")).build(),
                HttpResponse.BodyHandlers.ofString());
        Map<String, List<Map<String, Object>>> set = JSON.readValue(jwks.body(), new TypeReference<>() { });
        assertThat(set.get("keys")).hasSize(1);
        return (String) set.get("keys").getFirst().get("kid");
    }

    private String clientToken(String base) throws Exception {
        String basic = Base64.getEncoder().encodeToString("partner-erp:erp-secret".getBytes());
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=users:read"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return (String) JSON.readValue(response.body(), new TypeReference<Map<String, Object>>() { }).get("access_token");
    }
}
