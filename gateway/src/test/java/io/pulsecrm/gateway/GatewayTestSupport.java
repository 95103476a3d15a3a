package io.pulsecrm.gateway;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * One running gateway (real port) shared by all test classes, in front of one real stub service.
 * Every class extends this without adding configuration, so Spring starts the context once.
 *
 * <ul>
 * <li>contacts, tasks, automation, notification route to {@link #SERVICES};</li>
 * <li>deals routes to {@link #DEALS_PORT}, where nothing listens until a test starts a server there;</li>
 * <li>tasks and notification have a short response timeout so {@code /slow} times out;</li>
 * <li>breakers open after 2 calls and probe again after {@link #OPEN_STATE_WAIT}.</li>
 * </ul>
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class GatewayTestSupport {

    /** Lives as long as the cached application context, i.e. the test JVM. */
    static final DownstreamStub SERVICES = DownstreamStub.start("stub");

    static final int DEALS_PORT = DownstreamStub.freePort();

    /** Nothing ever listens here: the imports route (no breaker) points at it. */
    static final int IMPORTS_PORT = DownstreamStub.freePort();

    static final Duration TASKS_RESPONSE_TIMEOUT = Duration.ofMillis(400);

    static final Duration OPEN_STATE_WAIT = Duration.ofSeconds(1);

    @DynamicPropertySource
    static void pointRoutesAtStubs(DynamicPropertyRegistry registry) {
        for (String service : new String[] { "contacts", "tasks", "automation", "notification" }) {
            registry.add("pulse.gateway.services." + service + ".url", SERVICES::url);
        }
        registry.add("pulse.gateway.services.deals.url", () -> DownstreamStub.urlFor(DEALS_PORT));
        registry.add("pulse.gateway.imports-url", () -> DownstreamStub.urlFor(IMPORTS_PORT));
        registry.add("pulse.gateway.services.tasks.response-timeout-ms", TASKS_RESPONSE_TIMEOUT::toMillis);
        registry.add("pulse.gateway.services.notification.response-timeout-ms", TASKS_RESPONSE_TIMEOUT::toMillis);

        String breakers = "resilience4j.circuitbreaker.configs.default.";
        registry.add(breakers + "sliding-window-size", () -> 4);
        registry.add(breakers + "minimum-number-of-calls", () -> 2);
        registry.add(breakers + "wait-duration-in-open-state", () -> OPEN_STATE_WAIT.toMillis() + "ms");
        registry.add(breakers + "permitted-number-of-calls-in-half-open-state", () -> 1);
    }

    @LocalServerPort
    int port;

    WebTestClient gateway;

    @BeforeEach
    void connectToGateway() {
        gateway = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(15))
                .build();
    }
}
