package io.pulsecrm.automation;

import io.pulsecrm.platform.test.ServiceContractTest;
import io.pulsecrm.platform.test.TestInfrastructure;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The platform's operations contract. This context stays cached beside the API tests' one for the whole run, so it
 * keeps to a database and consumer group of its own and reads no events: it must not take runs or partitions
 * from the context the API tests drive.
 */
class AutomationServiceContractTest extends ServiceContractTest {

    @DynamicPropertySource
    static void isolated(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> TestInfrastructure.shared().mongoUri("automation-contract"));
        registry.add("spring.kafka.consumer.group-id", () -> "automation-contract");
        registry.add("spring.kafka.listener.auto-startup", () -> "false");
    }
}
