package io.pulsecrm.platform.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.pulsecrm.platform.identity.Directory;
import io.pulsecrm.platform.identity.FileUserDirectory;
import io.pulsecrm.platform.identity.Member;
import io.pulsecrm.platform.identity.Role;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real token issuer for tests: an RSA key whose JWK set (and OIDC discovery document) is served over HTTP,
 * so services validate test tokens exactly as they validate a production provider's, plus the users directory
 * file they read. Tokens are minted directly, for the members of {@code pulse/identity/test-directory.yaml}
 * and any a test adds.
 */
public final class TestIdentity {

    public static final String AUDIENCE = "pulse-api";
    public static final String ADMIN = "alex";
    /** Manager of team east (ada, bob). */
    public static final String EAST_MANAGER = "maria";
    public static final String EAST_REP = "ada";
    public static final String OTHER_EAST_REP = "bob";
    /** Manager of team west (cleo). */
    public static final String WEST_MANAGER = "wes";
    public static final String WEST_REP = "cleo";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration LIFETIME = Duration.ofMinutes(30);
    private static TestIdentity shared;

    private final RSAKey signingKey;
    private final RSAKey foreignKey;
    private final String issuer;
    private final Path directoryFile;
    private Directory directory;
    private Instant directoryVersion = Instant.now();

    private TestIdentity() {
        try {
            signingKey = new RSAKeyGenerator(2048).keyID("test-" + UUID.randomUUID()).generate();
            foreignKey = new RSAKeyGenerator(2048).keyID(signingKey.getKeyID()).generate();
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            issuer = "http://127.0.0.1:" + server.getAddress().getPort();
            String jwks = new JWKSet(signingKey.toPublicJWK()).toString();
            String discovery = JSON.writeValueAsString(Map.of("issuer", issuer, "jwks_uri", jwkSetUri(),
                    "token_endpoint", tokenUri(), "grant_types_supported", List.of("client_credentials"),
                    "id_token_signing_alg_values_supported", List.of("RS256"), "subject_types_supported", List.of("public"),
                    "response_types_supported", List.of("code")));
            serve(server, "/jwks", jwks);
            serve(server, "/.well-known/openid-configuration", discovery);
            serve(server, "/.well-known/oauth-authorization-server", discovery);
            server.createContext("/token", exchange -> {
                // client credentials for services calling services in tests: any client id, the scopes it asks for
                String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Map<String, String> parameters = formParameters(form);
                String clientId = clientIdOf(exchange.getRequestHeaders().getFirst("Authorization"), parameters);
                byte[] body;
                int status;
                if (!"client_credentials".equals(parameters.get("grant_type")) || clientId == null) {
                    status = 400;
                    body = "{\"error\":\"unsupported_grant_type\"}".getBytes(StandardCharsets.UTF_8);
                } else {
                    String scope = parameters.getOrDefault("scope", "");
                    String token = clientToken(clientId, scope.isBlank() ? new String[0] : scope.split(" "));
                    status = 200;
                    body = JSON.writeValueAsBytes(Map.of("access_token", token, "token_type", "Bearer",
                            "expires_in", LIFETIME.toSeconds(), "scope", scope));
                }
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start(); // daemon-free but harmless: the JVM ends when the tests do (System.exit by surefire)
            try (InputStream in = TestIdentity.class.getResourceAsStream("/pulse/identity/test-directory.yaml")) {
                directory = FileUserDirectory.parse(in);
            }
            directoryFile = Files.createTempFile("pulse-test-directory", ".yaml");
            directoryFile.toFile().deleteOnExit();
            writeDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static synchronized TestIdentity shared() {
        if (shared == null) {
            shared = new TestIdentity();
        }
        return shared;
    }

    public String issuer() {
        return issuer;
    }

    public String jwkSetUri() {
        return issuer + "/jwks";
    }

    /** A client-credentials token endpoint that accepts any client and secret. */
    public String tokenUri() {
        return issuer + "/token";
    }

    public Path directoryFile() {
        return directoryFile;
    }

    /** An access token of a directory member, as the issuer would sign it after they sign in. */
    public String tokenFor(String userId) {
        return sign(userClaims(userId).build(), signingKey);
    }

    /** A client-credentials token of a partner application with these scopes. */
    public String clientToken(String clientId, String... scopes) {
        return sign(baseClaims(clientId).claim("scope", String.join(" ", scopes)).claim("client_id", clientId).build(),
                signingKey);
    }

    public String expiredTokenFor(String userId) {
        Instant issued = Instant.now().minus(Duration.ofHours(2));
        return sign(userClaims(userId).issueTime(Date.from(issued)).expirationTime(Date.from(issued.plus(Duration.ofMinutes(5))))
                .build(), signingKey);
    }

    /** Looks like a real token (same key id, same claims) but is signed with a key the issuer never published. */
    public String forgedTokenFor(String userId) {
        return sign(userClaims(userId).build(), foreignKey);
    }

    public String tokenWithAudience(String userId, String audience) {
        return sign(userClaims(userId).audience(audience).build(), signingKey);
    }

    /** Adds a member to the directory file the services read (they see it on their next directory check). */
    public synchronized void addUser(String id, Role role, String team) {
        if (directory.user(id).isPresent()) {
            return;
        }
        List<Member> users = new ArrayList<>(directory.users());
        users.add(new Member(id, id, id + "@pulse.test", List.of(role.claimValue()), team, null));
        directory = new Directory(directory.teams(), users, directory.clients());
        writeDirectory();
    }

    public synchronized Directory directory() {
        return directory;
    }

    private JWTClaimsSet.Builder userClaims(String userId) {
        Member member = directory().user(userId)
                .orElseThrow(() -> new IllegalArgumentException(userId + " is not in the test directory; addUser first"));
        JWTClaimsSet.Builder claims = baseClaims(userId)
                .claim("roles", member.roles())
                .claim("name", member.name())
                .claim("email", member.email())
                .claim("scope", "openid profile email");
        if (member.team() != null) {
            claims.claim("team", member.team());
        }
        return claims;
    }

    private JWTClaimsSet.Builder baseClaims(String subject) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .audience(AUDIENCE)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now.minusSeconds(1)))
                .expirationTime(Date.from(now.plus(LIFETIME)))
                .jwtID(UUID.randomUUID().toString());
    }

    private static String sign(JWTClaimsSet claims, RSAKey key) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Replaces the file atomically, with a newer modification time than the last write even within a second. */
    private void writeDirectory() {
        try {
            Path next = Files.createTempFile(directoryFile.getParent(), "pulse-test-directory", ".tmp");
            Files.writeString(next, JSON.writeValueAsString(directory), StandardCharsets.UTF_8);
            directoryVersion = directoryVersion.plusSeconds(1);
            Files.setLastModifiedTime(next, FileTime.from(directoryVersion));
            Files.move(next, directoryFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> formParameters(String form) {
        Map<String, String> parameters = new java.util.HashMap<>();
        for (String pair : form.split("&")) {
            if (!pair.isEmpty()) {
                String[] parts = pair.split("=", 2);
                parameters.put(java.net.URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                        parts.length > 1 ? java.net.URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
            }
        }
        return parameters;
    }

    private static String clientIdOf(String authorization, Map<String, String> parameters) {
        if (authorization != null && authorization.startsWith("Basic ")) {
            String decoded = new String(java.util.Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8);
            return java.net.URLDecoder.decode(decoded.substring(0, decoded.indexOf(':')), StandardCharsets.UTF_8);
        }
        return parameters.get("client_id");
    }

    private static void serve(HttpServer server, String path, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        server.createContext(path, exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
    }
}
