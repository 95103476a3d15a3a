package io.pulsecrm.platform.test;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Starts the shared infrastructure before the first test class that needs it and publishes its endpoints. */
public final class PulseInfrastructureExtension implements BeforeAllCallback {

    /** Database the services under test use; one test JVM tests one service. */
    public static final String TEST_DATABASE = "pulse-test";

    @Override
    public void beforeAll(ExtensionContext context) {
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        System.setProperty("spring.kafka.bootstrap-servers", infrastructure.kafkaBootstrapServers());
        System.setProperty("spring.mongodb.uri", infrastructure.mongoUri(TEST_DATABASE));
    }
}
