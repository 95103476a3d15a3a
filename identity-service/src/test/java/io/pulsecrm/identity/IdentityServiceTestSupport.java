package io.pulsecrm.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One running identity service (random port, real sockets) over a directory file written by the test, shared
 * by the test classes that extend this, plus a hand-driven HTTP client: no mocks, no test slices.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class IdentityServiceTestSupport {

    public static final String ISSUER = "http://issuer.pulse.test:9000";
    public static final String AUDIENCE = "pulse-api";
    public static final String WEB_CLIENT = "pulse-web";
    public static final String REDIRECT_URI = "http://127.0.0.1:5999/callback";

    /** Teams, users and clients of the tests; the ERP secret is bcrypt-encoded to exercise the delegating encoder. */
    public static final String DIRECTORY_YAML = """
            teams:
              - id: east
                name: East
                managerId: maria
              - id: west
                name: West
                managerId: wes
            users:
              - id: alex
                name: Alex Admin
                email: alex@pulse.example
                roles: [admin]
                password: "{noop}alex"
              - id: maria
                name: Maria Manager
                email: maria@pulse.example
                roles: [manager]
                team: east
                password: "{noop}maria"
              - id: ada
                name: Ada Lovelace
                email: ada@pulse.example
                roles: [rep]
                team: east
                password: "{noop}ada"
              - id: bob
                name: Bob Byrne
                email: bob@pulse.example
                roles: [rep]
                team: east
                password: "{noop}bob"
              - id: wes
                name: Wes Manager
                email: wes@pulse.example
                roles: [manager]
                team: west
                password: "{noop}wes"
              - id: cleo
                name: Cleo Castillo
                email: cleo@pulse.example
                roles: [rep]
                team: west
                password: "{noop}cleo"
            clients:
              - id: pulse-web
                grants: [authorization_code, refresh_token]
                scopes: [openid, profile, email]
                redirectUris: [%s]
              - id: partner-erp
                secret: "{bcrypt}%s"
                grants: [client_credentials]
                scopes: [contacts:read, deals:read, users:read]
              - id: partner-events
                secret: "{noop}events-secret"
                grants: [client_credentials]
                scopes: [events:read]
              - id: partner-fast
                secret: "{noop}fast-secret"
                grants: [client_credentials]
                scopes: [events:read]
                accessTokenTtl: PT2S
            """.formatted(REDIRECT_URI, new BCryptPasswordEncoder().encode("erp-secret"));

    protected static final Path DIRECTORY_FILE = writeDirectory();
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern CSRF_INPUT = Pattern.compile("<input[^>]*name=\"_csrf\"[^>]*>");
    private static final Pattern VALUE = Pattern.compile("value=\"([^\"]+)\"");

    protected final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void identityProperties(DynamicPropertyRegistry registry) {
        registry.add("pulse.identity.directory-file", DIRECTORY_FILE::toString);
        registry.add("pulse.identity.directory-refresh-interval", () -> "100ms");
        registry.add("pulse.identity.issuer-url", () -> ISSUER);
    }

    private static Path writeDirectory() {
        try {
            Path dir = Files.createTempDirectory("identity-service-test");
            dir.toFile().deleteOnExit();
            Path file = dir.resolve("directory.yaml");
            Files.writeString(file, DIRECTORY_YAML);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    // ---- plain HTTP

    protected HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : url(path))).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    protected HttpResponse<String> getWithToken(String path, String accessToken) {
        return get(path, "Authorization", "Bearer " + accessToken);
    }

    protected HttpResponse<String> postForm(String path, Map<String, String> form, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : url(path)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(form)));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    protected HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected static String formBody(Map<String, String> form) {
        return form.entrySet().stream()
                .map(entry -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
                .collect(Collectors.joining("&"));
    }

    protected static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    protected static String basicAuth(String clientId, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    protected static Map<String, Object> json(HttpResponse<String> response) {
        return JSON.readValue(response.body(), new TypeReference<Map<String, Object>>() { });
    }

    protected static List<Map<String, Object>> jsonList(HttpResponse<String> response) {
        return JSON.readValue(response.body(), new TypeReference<List<Map<String, Object>>>() { });
    }

    // ---- tokens

    /** A client-credentials access token; {@code scope} may be null for the client's default. */
    protected String clientToken(String clientId, String secret, String scope) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        if (scope != null) {
            form.put("scope", scope);
        }
        HttpResponse<String> response = postForm("/oauth2/token", form, "Authorization", basicAuth(clientId, secret));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return (String) json(response).get("access_token");
    }

    /** The claims of a JWT whose RS256 signature checks against the issuer's published JWK set. */
    protected JWTClaimsSet verifiedClaims(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
            HttpResponse<String> jwks = get("/oauth2/jwks");
            assertThat(jwks.statusCode()).isEqualTo(200);
            RSAKey key = (RSAKey) JWKSet.parse(jwks.body()).getKeyByKeyId(jwt.getHeader().getKeyID());
            assertThat(key).as("JWK %s", jwt.getHeader().getKeyID()).isNotNull();
            assertThat(jwt.verify(new RSASSAVerifier(key))).as("signature").isTrue();
            return jwt.getJWTClaimsSet();
        } catch (Exception e) {
            throw new AssertionError("not a valid JWT of this issuer: " + e.getMessage(), e);
        }
    }

    // ---- the browser side of the authorization code flow

    /** A PKCE verifier and its S256 challenge (RFC 7636). */
    protected record Pkce(String verifier, String challenge) {

        public static Pkce create() {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
                return new Pkce(verifier, Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    protected String authorizeUrl(Pkce pkce, String state) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", WEB_CLIENT);
        query.put("redirect_uri", REDIRECT_URI);
        query.put("scope", "openid profile email");
        query.put("state", state);
        if (pkce != null) {
            query.put("code_challenge", pkce.challenge());
            query.put("code_challenge_method", "S256");
        }
        return url("/oauth2/authorize?" + formBody(query));
    }

    /** A browser: keeps the session cookie, never follows redirects on its own. */
    protected final class Browser {

        private final Map<String, String> cookies = new LinkedHashMap<>();

        public Browser() {
        }

        public HttpResponse<String> get(String url) {
            return exchange(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").GET());
        }

        public HttpResponse<String> postForm(String url, Map<String, String> form) {
            return exchange(HttpRequest.newBuilder(URI.create(url))
                    .header("Accept", "text/html")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(formBody(form))));
        }

        public boolean hasCookie(String name) {
            return cookies.containsKey(name);
        }

        private HttpResponse<String> exchange(HttpRequest.Builder request) {
            if (!cookies.isEmpty()) {
                request.header("Cookie", cookies.entrySet().stream()
                        .map(cookie -> cookie.getKey() + "=" + cookie.getValue())
                        .collect(Collectors.joining("; ")));
            }
            HttpResponse<String> response = send(request.build());
            for (String setCookie : response.headers().allValues("Set-Cookie")) {
                String pair = setCookie.split(";", 2)[0];
                int eq = pair.indexOf('=');
                cookies.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
            }
            return response;
        }
    }

    /** The redirect target of a 302, resolved against the request. */
    protected static String location(HttpResponse<?> response) {
        assertThat(response.statusCode()).as("redirect status").isEqualTo(302);
        String location = response.headers().firstValue("Location").orElseThrow();
        return response.uri().resolve(location).toString();
    }

    protected static String csrfToken(String loginPage) {
        Matcher input = CSRF_INPUT.matcher(loginPage);
        assertThat(input.find()).as("CSRF field in the login page").isTrue();
        Matcher value = VALUE.matcher(input.group());
        assertThat(value.find()).isTrue();
        return value.group(1);
    }

    protected static Map<String, String> queryParams(String url) {
        String query = URI.create(url).getRawQuery();
        Map<String, String> params = new LinkedHashMap<>();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                params.put(decode(name), decode(value));
            }
        }
        return params;
    }

    private static String decode(String value) {
        return java.net.URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    /** Signs {@code username} in through the login form and returns the authorization code, or null when refused. */
    protected String signInForCode(String username, String password, Pkce pkce) {
        Browser browser = new Browser();
        String loginUrl = location(browser.get(authorizeUrl(pkce, "state-1")));
        String csrf = csrfToken(browser.get(loginUrl).body());
        String next = location(browser.postForm(loginUrl,
                Map.of("username", username, "password", password, "_csrf", csrf)));
        if (next.contains("/login")) {
            return null;
        }
        String back = location(browser.get(next));
        return queryParams(back).get("code");
    }

    /** The token response of a full authorization code + PKCE flow for a directory user. */
    protected Map<String, Object> userTokens(String username, String password) {
        Pkce pkce = Pkce.create();
        String code = signInForCode(username, password, pkce);
        assertThat(code).as("authorization code for %s", username).isNotNull();
        HttpResponse<String> response = postForm("/oauth2/token", Map.of(
                "grant_type", "authorization_code",
                "code", code,
                "redirect_uri", REDIRECT_URI,
                "client_id", WEB_CLIENT,
                "code_verifier", pkce.verifier()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }
}
