package io.pulsecrm.bench.contacts;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
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
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.pulsecrm.bench.scenario.ScenarioUnavailableException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A bearer token of an admin user for the contacts scenarios: imports belong to their uploader and the service's
 * metrics ({@code /actuator/metrics}) are for admins. {@code PULSE_BENCH_TOKEN}, when set, is used as it is;
 * otherwise the session signs in at the issuer as a browser would (authorization code with PKCE for the public
 * client {@code pulse-web}), as {@code PULSE_BENCH_USER} / {@code PULSE_BENCH_PASSWORD} (the local runner's demo
 * admin {@code alex} by default), and signs in again when the token has expired (a 1,000,000-row import outlives
 * the issuer's 15-minute tokens).
 */
final class AdminSession {

    static final String ISSUER_ENV = "PULSE_BENCH_ISSUER";
    static final String USER_ENV = "PULSE_BENCH_USER";
    static final String PASSWORD_ENV = "PULSE_BENCH_PASSWORD";
    private static final String DEFAULT_ISSUER = "http://127.0.0.1:9000";
    private static final String CLIENT = "pulse-web";
    private static final String REDIRECT = "http://localhost:5173/callback";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
    private static final Pattern CODE = Pattern.compile("[?&]code=([^&]+)");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Optional<String> fixedToken;
    private final String issuer;
    private final String user;
    private final String password;
    private final JsonMapper json = JsonMapper.shared();
    private volatile String token;

    AdminSession(Optional<String> fixedToken) {
        this.fixedToken = fixedToken;
        Map<String, String> env = System.getenv();
        this.issuer = env.getOrDefault(ISSUER_ENV, DEFAULT_ISSUER).replaceAll("/+$", "");
        this.user = env.getOrDefault(USER_ENV, "alex");
        this.password = env.getOrDefault(PASSWORD_ENV, "alex");
    }

    /** The current token (signing in first if there is none). */
    String token() {
        if (fixedToken.isPresent()) {
            return fixedToken.get();
        }
        String current = token;
        return current != null ? current : renew();
    }

    /** Signs in again (the token was refused as expired); with a fixed token there is nothing to renew. */
    synchronized String renew() {
        if (fixedToken.isPresent()) {
            return fixedToken.get();
        }
        token = signIn();
        return token;
    }

    boolean canRenew() {
        return fixedToken.isEmpty();
    }

    private String signIn() {
        CookieManager cookies = new CookieManager();
        try (HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build()) {
            String verifier = random(32);
            String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
            String authorize = issuer + "/oauth2/authorize?response_type=code&client_id=" + CLIENT
                    + "&scope=openid%20profile%20email&state=" + random(8) + "&redirect_uri=" + encode(REDIRECT)
                    + "&code_challenge=" + challenge + "&code_challenge_method=S256";
            http.send(get(authorize), HttpResponse.BodyHandlers.discarding()); // starts the session, redirects to /login
            HttpResponse<String> login = http.send(get(issuer + "/login"), HttpResponse.BodyHandlers.ofString());
            Matcher csrf = CSRF.matcher(login.body());
            if (login.statusCode() != 200 || !csrf.find()) {
                throw new ScenarioUnavailableException("could not sign in at " + issuer + ": no login form (HTTP " + login.statusCode() + ")");
            }
            HttpResponse<String> signedIn = http.send(form(issuer + "/login", Map.of("username", user, "password", password,
                    "_csrf", csrf.group(1))), HttpResponse.BodyHandlers.ofString());
            String next = signedIn.headers().firstValue("Location").orElse("");
            if (next.contains("error")) {
                throw new ScenarioUnavailableException("could not sign in at " + issuer + " as " + user + ": wrong user or password "
                        + "(set " + USER_ENV + " and " + PASSWORD_ENV + ", or " + "PULSE_BENCH_TOKEN)");
            }
            HttpResponse<String> redirected = http.send(get(authorize), HttpResponse.BodyHandlers.ofString());
            Matcher code = CODE.matcher(redirected.headers().firstValue("Location").orElse(""));
            if (!code.find()) {
                throw new ScenarioUnavailableException("could not sign in at " + issuer + ": no authorization code (HTTP "
                        + redirected.statusCode() + ")");
            }
            HttpResponse<String> tokens = http.send(form(issuer + "/oauth2/token", Map.of("grant_type", "authorization_code",
                    "client_id", CLIENT, "code", java.net.URLDecoder.decode(code.group(1), StandardCharsets.UTF_8),
                    "redirect_uri", REDIRECT, "code_verifier", verifier)), HttpResponse.BodyHandlers.ofString());
            JsonNode answer = json.readTree(tokens.body());
            if (tokens.statusCode() != 200 || !answer.path("access_token").isString()) {
                throw new ScenarioUnavailableException("the issuer refused the token request: HTTP " + tokens.statusCode());
            }
            return answer.get("access_token").asString();
        } catch (IOException e) {
            throw new ScenarioUnavailableException("the issuer at " + issuer + " is unreachable (" + e + "). Start the platform "
                    + "with deploy/all-in-one/run, set " + ISSUER_ENV + ", or set PULSE_BENCH_TOKEN to an admin's token.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScenarioUnavailableException("interrupted while signing in", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
