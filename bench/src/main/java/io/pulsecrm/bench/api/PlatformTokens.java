package io.pulsecrm.bench.api;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.pulsecrm.bench.scenario.BenchTargets;
import io.pulsecrm.bench.scenario.ScenarioUnavailableException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Access tokens from the platform's issuer (the local runner's identity-service on 9000 by default,
 * {@code PULSE_BENCH_ISSUER}): client credentials for a partner application, and a user's token by signing in as a
 * browser would (authorization code with PKCE for the public client {@code pulse-web}).
 */
public final class PlatformTokens {

    static final String ISSUER_ENV = "PULSE_BENCH_ISSUER";
    private static final String DEFAULT_ISSUER = "http://127.0.0.1:9000";
    private static final String WEB_CLIENT = "pulse-web";
    private static final String REDIRECT = "http://localhost:5173/login/callback";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
    private static final Pattern CODE = Pattern.compile("[?&]code=([^&]+)");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String issuer;
    private final JsonMapper json = JsonMapper.shared();

    public PlatformTokens() {
        this.issuer = System.getenv().getOrDefault(ISSUER_ENV, DEFAULT_ISSUER).replaceAll("/+$", "");
    }

    /**
     * The token to act as the bench's admin: {@code PULSE_BENCH_TOKEN} when given, else signs in as
     * {@code PULSE_BENCH_USER} / {@code PULSE_BENCH_PASSWORD} (default: the demo admin {@code alex}).
     */
    public static String admin(BenchTargets targets) {
        return targets.bearerToken().orElseGet(() -> new PlatformTokens().user(adminUser(), adminPassword()));
    }

    /** {@code PULSE_BENCH_USER}, the admin the bench acts as (default: the demo admin {@code alex}). */
    public static String adminUser() {
        return System.getenv().getOrDefault("PULSE_BENCH_USER", "alex");
    }

    /** {@code PULSE_BENCH_PASSWORD} (default: the demo admin's). */
    public static String adminPassword() {
        return System.getenv().getOrDefault("PULSE_BENCH_PASSWORD", "alex");
    }

    /** A partner application's token (client credentials), with every scope it is registered for. */
    public String client(String clientId, String secret) {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(issuer + "/oauth2/token"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            (clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode answer = json.readTree(response.body());
            if (response.statusCode() != 200 || !answer.path("access_token").isString()) {
                throw new ScenarioUnavailableException("the issuer at " + issuer + " refused client credentials for "
                        + clientId + ": HTTP " + response.statusCode());
            }
            return answer.get("access_token").asString();
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScenarioUnavailableException("interrupted while getting a token", e);
        }
    }

    /** A user's token: signs in with their password at the issuer's login form. */
    public String user(String user, String password) {
        CookieManager cookies = new CookieManager();
        try (HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build()) {
            String verifier = random(32);
            String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
            String authorize = issuer + "/oauth2/authorize?response_type=code&client_id=" + WEB_CLIENT
                    + "&scope=openid%20profile%20email&state=" + random(8) + "&redirect_uri=" + encode(REDIRECT)
                    + "&code_challenge=" + challenge + "&code_challenge_method=S256";
            http.send(get(authorize), HttpResponse.BodyHandlers.discarding()); // starts the session, redirects to /login
            HttpResponse<String> login = http.send(get(issuer + "/login"), HttpResponse.BodyHandlers.ofString());
            Matcher csrf = CSRF.matcher(login.body());
            if (login.statusCode() != 200 || !csrf.find()) {
                throw new ScenarioUnavailableException("could not sign in at " + issuer + ": no login form (HTTP "
                        + login.statusCode() + ")");
            }
            HttpResponse<String> signedIn = http.send(form(issuer + "/login", Map.of("username", user, "password", password,
                    "_csrf", csrf.group(1))), HttpResponse.BodyHandlers.ofString());
            if (signedIn.headers().firstValue("Location").orElse("").contains("error")) {
                throw new ScenarioUnavailableException("could not sign in at " + issuer + " as " + user
                        + ": wrong user or password");
            }
            HttpResponse<String> redirected = http.send(get(authorize), HttpResponse.BodyHandlers.ofString());
            Matcher code = CODE.matcher(redirected.headers().firstValue("Location").orElse(""));
            if (!code.find()) {
                throw new ScenarioUnavailableException("could not sign in at " + issuer + ": no authorization code (HTTP "
                        + redirected.statusCode() + ")");
            }
            HttpResponse<String> tokens = http.send(form(issuer + "/oauth2/token", Map.of("grant_type", "authorization_code",
                    "client_id", WEB_CLIENT, "code", URLDecoder.decode(code.group(1), StandardCharsets.UTF_8),
                    "redirect_uri", REDIRECT, "code_verifier", verifier)), HttpResponse.BodyHandlers.ofString());
            JsonNode answer = json.readTree(tokens.body());
            if (tokens.statusCode() != 200 || !answer.path("access_token").isString()) {
                throw new ScenarioUnavailableException("the issuer refused the token request: HTTP " + tokens.statusCode());
            }
            return answer.get("access_token").asString();
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScenarioUnavailableException("interrupted while signing in", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private ScenarioUnavailableException unreachable(IOException e) {
        return new ScenarioUnavailableException("the issuer at " + issuer + " is unreachable (" + e + "). Start the "
                + "platform with deploy/all-in-one/run (it starts identity-service on 9000), or set " + ISSUER_ENV + ".", e);
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build();
    }

    private static HttpRequest form(String url, Map<String, String> fields) {
        String body = fields.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }
}
