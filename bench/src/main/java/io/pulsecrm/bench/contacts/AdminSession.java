package io.pulsecrm.bench.contacts;

import java.util.Optional;

import io.pulsecrm.bench.api.PlatformTokens;

/**
 * A bearer token of an admin user for the contacts scenarios: imports belong to their uploader and the service's
 * metrics ({@code /actuator/metrics}) are for admins. {@code PULSE_BENCH_TOKEN}, when set, is used as it is;
 * otherwise the session signs in at the issuer ({@link PlatformTokens#user}) as {@code PULSE_BENCH_USER} /
 * {@code PULSE_BENCH_PASSWORD} (the local runner's demo admin {@code alex} by default), and signs in again when the
 * token has expired (a 1,000,000-row import outlives the issuer's 15-minute tokens).
 */
final class AdminSession {

    private final Optional<String> fixedToken;
    private final String user;
    private final String password;
    private final PlatformTokens tokens = new PlatformTokens();
    private volatile String token;

    AdminSession(Optional<String> fixedToken) {
        this.fixedToken = fixedToken;
        this.user = PlatformTokens.adminUser();
        this.password = PlatformTokens.adminPassword();
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
        token = tokens.user(user, password);
        return token;
    }

    boolean canRenew() {
        return fixedToken.isEmpty();
    }
}
