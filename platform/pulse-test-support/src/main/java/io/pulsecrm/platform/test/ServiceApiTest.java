package io.pulsecrm.platform.test;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Base of a service's API tests: the whole service on a random port with the {@code test} profile, real
 * Kafka and MongoDB, and {@link #api} talking to it over a real socket. Add an {@link EventCollector}
 * with {@code @RegisterExtension} to see the events the calls produce.
 */
@PulseInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class ServiceApiTest {

    @LocalServerPort
    protected int port;
    protected ApiClient api;

    @BeforeEach
    void connectApiClient() {
        api = ApiClient.localhost(port);
    }
}
