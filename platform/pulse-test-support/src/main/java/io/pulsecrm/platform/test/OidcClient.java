package io.pulsecrm.platform.test;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Gets tokens from a real OIDC issuer the way clients do: client credentials for partner applications, and
 * the authorization code flow with PKCE for people, signing in through the issuer's login form like a browser
 * (cookies, CSRF token, redirects followed by hand).
 */
public final class OidcClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"|value=\"([^\"]+)\"[^>]*name=\"_csrf\"");

    private final URI issuer;

    public OidcClient(String issuer) {
        this.issuer = URI.create(issuer.replaceAll("/+$", "") + "/");
    }

    /** The token endpoint's JSON answer for a client-credentials grant. */
    public JsonNode clientCredentials(String clientId, String secret, String... scopes) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        if (scopes.length > 0) {
            form.put("scope", String.join(" ", scopes));
        }
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = send(newClient(), HttpRequest.newBuilder(issuer.resolve("oauth2/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(form))).build());
        return tokenResponse(response);
    }

    public String clientToken(String clientId, String secret, String... scopes) {
        return clientCredentials(clientId, secret, scopes).get("access_token").asString();
    }

    /**
     * Signs {@code username} in through the issuer's login page for the public client {@code clientId} and
     * exchanges the code (with its PKCE verifier) for tokens.
     *
     * @throws IllegalStateException when the issuer does not hand out a code (a wrong password, say)
     */
    public JsonNode signIn(String clientId, String redirectUri, String username, String password) {
        HttpClient browser = newClient();
        String verifier = randomToken();
        String state = randomToken();
        Map<String, String> authorize = new LinkedHashMap<>();
        authorize.put("response_type", "code");
        authorize.put("client_id", clientId);
        authorize.put("redirect_uri", redirectUri);
        authorize.put("scope", "openid profile email");
        authorize.put("state", state);
        authorize.put("code_challenge", challenge(verifier));
        authorize.put("code_challenge_method", "S256");
        URI authorizeUri = issuer.resolve("oauth2/authorize?" + formBody(authorize));

        HttpResponse<String> toLogin = send(browser, HttpRequest.newBuilder(authorizeUri).GET().build());
        URI loginPage = location(authorizeUri, toLogin);
        HttpResponse<String> page = send(browser, HttpRequest.newBuilder(loginPage).GET().build());
        Matcher csrf = CSRF.matcher(page.body());
        if (!csrf.find()) {
            throw new IllegalStateException("no CSRF token on the login page: " + page.body());
        }
        String token = csrf.group(1) != null ? csrf.group(1) : csrf.group(2);
        HttpResponse<String> loggedIn = send(browser, HttpRequest.newBuilder(loginPage)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(Map.of(
                        "username", username, "password", password, "_csrf", token)))).build());
        URI next = location(loginPage, loggedIn);
        for (int hop = 0; hop < 5 && !next.toString().startsWith(redirectUri); hop++) {
            next = location(next, send(browser, HttpRequest.newBuilder(next).GET().build()));
        }
        Map<String, String> callback = query(next);
        if (!callback.containsKey("code") || !state.equals(callback.get("state"))) {
            throw new IllegalStateException("sign-in of " + username + " gave no code: " + next);
        }
        Map<String, String> exchange = new LinkedHashMap<>();
        exchange.put("grant_type", "authorization_code");
        exchange.put("code", callback.get("code"));
        exchange.put("redirect_uri", redirectUri);
        exchange.put("client_id", clientId);
        exchange.put("code_verifier", verifier);
        return tokenResponse(send(browser, HttpRequest.newBuilder(issuer.resolve("oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(exchange))).build()));
    }

    public String userToken(String clientId, String redirectUri, String username, String password) {
        return signIn(clientId, redirectUri, username, password).get("access_token").asString();
    }

    private static JsonNode tokenResponse(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("token endpoint answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static URI location(URI base, HttpResponse<String> response) {
        String location = response.headers().firstValue("Location").orElseThrow(() ->
                new IllegalStateException("expected a redirect, got " + response.statusCode() + ": " + response.body()));
        return base.resolve(location);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (uri.getRawQuery() == null) {
            return parameters;
        }
        for (String pair : uri.getRawQuery().split("&")) {
            String[] parts = pair.split("=", 2);
            parameters.put(decode(parts[0]), parts.length > 1 ? decode(parts[1]) : "");
        }
        return parameters;
    }

    private static String formBody(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String decode(String value) {
        return java.net.URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpClient newClient() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
