package io.pulsecrm.bench.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void readsNamesLabelsAndValuesAndSkipsCommentsAndLinesThatAreNotSamples() {
        List<PrometheusText.Sample> samples = PrometheusText.parse("""
                # HELP mongodb_driver_commands_seconds Timer of mongodb commands
                # TYPE mongodb_driver_commands_seconds summary
                mongodb_driver_commands_seconds_count{cluster_id="6a1f",collection="contacts",command="insert",service="contacts-service",status="SUCCESS"} 12.0
                process_cpu_time_ns_total{service="contacts-service"} 4.2E10 1733570000000
                http_server_requests_seconds_bucket{le="+Inf",uri="/api/\\"quoted\\"",} 7
                garbage line without a value
                """);

        assertThat(samples).hasSize(3);
        assertThat(samples.get(0).name()).isEqualTo("mongodb_driver_commands_seconds_count");
        assertThat(samples.get(0).label("collection")).isEqualTo("contacts");
        assertThat(samples.get(0).label("command")).isEqualTo("insert");
        assertThat(samples.get(0).value()).isEqualTo(12.0);
        assertThat(samples.get(1).value()).isEqualTo(4.2e10);
        assertThat(samples.get(2).label("uri")).isEqualTo("/api/\"quoted\"");
        assertThat(samples.get(2).label("le")).isEqualTo("+Inf");
        assertThat(samples.get(2).value()).isEqualTo(7.0);
    }
}
