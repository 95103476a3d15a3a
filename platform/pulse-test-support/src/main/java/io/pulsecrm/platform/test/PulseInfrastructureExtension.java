package io.pulsecrm.platform.test;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Starts the shared infrastructure (broker, store, token issuer) before the first test class that needs it and publishes its endpoints. */
public final class PulseInfrastructureExtension implements BeforeAllCallback {

    /** Database the services under test use; one test JVM tests one service. */
    public static final String TEST_DATABASE = "pulse-test";

    @Override
    public void beforeAll(ExtensionContext context) {
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        System.setProperty("spring.kafka.bootstrap-servers", infrastructure.kafkaBootstrapServers());
        System.setProperty("spring.mongodb.uri", infrastructure.mongoUri(TEST_DATABASE));
        TestIdentity identity = TestIdentity.shared();
        String jwt = "spring.security.oauth2.resourceserver.jwt.";
        System.setProperty(jwt + "issuer-uri", identity.issuer());
        System.setProperty(jwt + "jwk-set-uri", identity.jwkSetUri());
        System.setProperty(jwt + "audiences", TestIdentity.AUDIENCE);
        System.setProperty("pulse.security.directory-file", identity.directoryFile().toString());
        // checked on every lookup so a user a test adds is known at once
        System.setProperty("pulse.security.directory-refresh", "0s");
    }
}
