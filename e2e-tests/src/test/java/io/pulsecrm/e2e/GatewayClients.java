package io.pulsecrm.e2e;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.pulsecrm.deploy.PlatformRunner;
import io.pulsecrm.deploy.report.ComponentStatus;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.OidcClient;

/**
 * Clients of a running end-to-end platform's gateway, signed in as people do (authorization code with PKCE at the
 * issuer; the password of each member of the test directory is their id) or as partner applications.
 */
public final class GatewayClients {

    public static final String WEB_CLIENT = "pulse-web";
    public static final String WEB_REDIRECT = "http://127.0.0.1:65535/callback";

    private final String gatewayUrl;
    private final OidcClient oidc;
    private final Map<String, String> userTokens = new ConcurrentHashMap<>();

    public GatewayClients(String gatewayUrl, String issuerUrl) {
        this.gatewayUrl = gatewayUrl;
        this.oidc = new OidcClient(issuerUrl);
    }

    /** The gateway, without credentials. */
    public ApiClient gateway() {
        return new ApiClient(gatewayUrl);
    }

    /** The gateway, as a member who signed in through the issuer. */
    public ApiClient as(String user) {
        return gateway().withToken(userToken(user));
    }

    public String userToken(String user) {
        return userTokens.computeIfAbsent(user, u -> oidc.userToken(WEB_CLIENT, WEB_REDIRECT, u, u));
    }

    /** The gateway, as a partner application with a client-credentials token. */
    public ApiClient asClient(String clientId, String secret) {
        return gateway().withToken(oidc.clientToken(clientId, secret));
    }

    public OidcClient oidc() {
        return oidc;
    }

    /** Starts a stopped (or killed) component or instance again and waits until it is ready; fails if it is not. */
    public static void startAgain(PlatformRunner runner, String component) {
        ComponentStatus status = runner.startComponent(component);
        if (!status.isUp()) {
            throw new IllegalStateException(component + " did not start again: " + status.detail() + " (log: "
                    + status.logFile() + ")");
        }
    }
}
