package io.pulsecrm.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Bad routing configuration must stop the start-up, not fail (or be ignored) on the first request. */
class PulseGatewayPropertiesTest {

    @Test
    void bindsServicesAndDefaults() {
        PulseGatewayProperties properties = bind(Map.of(
                "pulse.gateway.services.contacts.url", "http://contacts:8081",
                "pulse.gateway.services.contacts.response-timeout-ms", "1500"));

        assertThat(properties.responseTimeoutMs()).isEqualTo(5000);
        assertThat(properties.connectTimeoutMs()).isEqualTo(2000);
        assertThat(properties.services().get("contacts").urls()).containsExactly(URI.create("http://contacts:8081"));
        assertThat(properties.services().get("contacts").balanced()).isFalse();
        assertThat(properties.services().get("contacts").responseTimeoutMs()).isEqualTo(1500);
        assertThat(properties.fallback().problemType())
                .isEqualTo(URI.create("https://pulsecrm.io/problems/service-unavailable"));
    }

    @Test
    void rejectsARelativeOrNonHttpUrl() {
        for (String url : new String[] { "/contacts", "ftp://contacts:21", "contacts:8081" }) {
            assertThatThrownBy(() -> bind(Map.of("pulse.gateway.services.contacts.url", url,
                    "pulse.gateway.services.contacts.response-timeout-ms", "1000")))
                    .isInstanceOf(BindException.class)
                    .hasRootCauseMessage("pulse.gateway.services.contacts.url must be an absolute http(s) URL, was "
                            + url);
        }
    }

    @Test
    void aCommaSeparatedUrlListsTheInstancesToBalanceOver() {
        PulseGatewayProperties properties = bind(Map.of(
                "pulse.gateway.services.deals.url", "http://127.0.0.1:8082, http://127.0.0.1:8182/",
                "pulse.gateway.services.deals.response-timeout-ms", "1500"));

        assertThat(properties.services().get("deals").urls())
                .containsExactly(URI.create("http://127.0.0.1:8082"), URI.create("http://127.0.0.1:8182/"));
        assertThat(properties.services().get("deals").balanced()).isTrue();
    }

    @Test
    void rejectsAnInstanceListThatCouldNotBeMeant() {
        assertThatThrownBy(() -> bind(Map.of("pulse.gateway.services.deals.url", "http://a:8082,http://a:8082",
                "pulse.gateway.services.deals.response-timeout-ms", "1000")))
                .isInstanceOf(BindException.class).hasRootCauseMessage(
                        "pulse.gateway.services.deals.url names an instance twice: [http://a:8082, http://a:8082]");
        assertThatThrownBy(() -> bind(Map.of("pulse.gateway.services.deals.url", "http://a:8082/deals",
                "pulse.gateway.services.deals.response-timeout-ms", "1000")))
                .isInstanceOf(BindException.class).hasRootCauseMessage("pulse.gateway.services.deals.url must have no"
                        + " path or query (paths are forwarded unchanged), was http://a:8082/deals");
        assertThatThrownBy(() -> bind(Map.of("pulse.gateway.services.deals.url", "",
                "pulse.gateway.services.deals.response-timeout-ms", "1000")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("was empty");
    }

    @Test
    void rejectsTimeoutsThatTheGatewayWouldIgnore() {
        assertThatThrownBy(() -> bind(Map.of("pulse.gateway.services.tasks.url", "http://tasks:8083",
                "pulse.gateway.services.tasks.response-timeout-ms", "5s")))
                .isInstanceOf(BindException.class);
        assertThatThrownBy(() -> bind(Map.of("pulse.gateway.services.tasks.url", "http://tasks:8083")))
                .isInstanceOf(BindException.class)
                .hasRootCauseMessage("pulse.gateway.services.tasks.response-timeout-ms must be a positive number"
                        + " of milliseconds, was 0");
    }

    private static PulseGatewayProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(new HashMap<>(values)))
                .bindOrCreate("pulse.gateway", PulseGatewayProperties.class);
    }
}
