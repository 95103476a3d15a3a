package io.pulsecrm.platform.test;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Base of a service's API tests: the whole service on a random port with the {@code test} profile, real
 * Kafka and MongoDB, a real token issuer ({@link TestIdentity}), and {@link #api} talking to it over a real socket. Add an {@link EventCollector}
 * with {@code @RegisterExtension} to see the events the calls produce.
 */
@PulseInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class ServiceApiTest {

    @LocalServerPort
    protected int port;
    /** Acts as an admin, who sees everything; {@link #apiAs} acts as someone else. */
    protected ApiClient api;

    @BeforeEach
    void connectApiClient() {
        api = ApiClient.localhost(port).as(TestIdentity.ADMIN);
    }

    /** A client acting as a member of the test directory ({@link TestIdentity}). */
    protected ApiClient apiAs(String userId) {
        return ApiClient.localhost(port).as(userId);
    }

    /** A client acting as a partner application with these scopes. */
    protected ApiClient apiAsClient(String clientId, String... scopes) {
        return ApiClient.localhost(port).withToken(TestIdentity.shared().clientToken(clientId, scopes));
    }
}
