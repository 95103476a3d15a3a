package io.pulsecrm.bench.cost;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceCountersTest {

    private static ServiceCounters read(String text) {
        return ServiceCounters.of(PrometheusText.parse(text));
    }

    @Test
    void addsUpCommandsPerCollectionAcrossStatusesAndCountsEachConsumedRecordOnce() {
        ServiceCounters counters = read("""
                mongodb_driver_commands_seconds_count{collection="contacts",command="insert",status="SUCCESS"} 10
                mongodb_driver_commands_seconds_count{collection="contacts",command="insert",status="FAILED"} 2
                mongodb_driver_commands_seconds_count{collection="key_claims",command="findAndModify",status="SUCCESS"} 5
                kafka_producer_record_send_total{client_id="relay-1"} 3
                kafka_producer_record_send_total{client_id="relay-2"} 4
                kafka_consumer_fetch_manager_records_consumed_total{client_id="c-1"} 9
                kafka_consumer_fetch_manager_records_consumed_total{client_id="c-1",topic="pulse.deals.deal.v1"} 9
                kafka_consumer_fetch_manager_records_consumed_total{client_id="c-2",topic="pulse.deals.deal.v1"} 4
                kafka_consumer_fetch_manager_records_consumed_total{client_id="c-2",topic="pulse_deals_deal_v1"} 4
                kafka_consumer_fetch_manager_records_consumed_total{client_id="c-2",topic="pulse.tasks.task.v1"} 2
                process_cpu_time_ns_total 2000000
                """);

        assertThat(counters.storeCommands()).containsEntry("contacts insert", 12.0).containsEntry("key_claims findAndModify", 5.0);
        assertThat(counters.storeCommandTotal()).isEqualTo(17.0);
        assertThat(counters.kafkaProduced()).isEqualTo(7.0);
        assertThat(counters.kafkaConsumed()).as("c-1's total; c-2's topics, each once though reported twice").isEqualTo(15.0);
        assertThat(counters.cpuNanos()).isEqualTo(2_000_000.0);
    }

    @Test
    void cpuInSecondsIsConvertedAndAMissingCpuMetricIsNotAZero() {
        assertThat(read("process_cpu_time_seconds_total 1.5").cpuNanos()).isEqualTo(1.5e9);
        assertThat(read("jvm_threads_live_threads 20").cpuNanos()).isNaN();
    }

    @Test
    void theDifferenceOfTwoReadingsKeepsWhatChangedAndARestartedCounterCountsFromZero() {
        ServiceCounters before = read("""
                mongodb_driver_commands_seconds_count{collection="contacts",command="insert"} 10
                mongodb_driver_commands_seconds_count{collection="contacts",command="find"} 4
                kafka_producer_record_send_total 100
                process_cpu_time_ns_total 1000
                """);
        ServiceCounters after = read("""
                mongodb_driver_commands_seconds_count{collection="contacts",command="insert"} 25
                mongodb_driver_commands_seconds_count{collection="contacts",command="find"} 4
                mongodb_driver_commands_seconds_count{collection="outbox",command="delete"} 3
                kafka_producer_record_send_total 6
                process_cpu_time_ns_total 4000
                """);

        ServiceCounters delta = after.minus(before);

        assertThat(delta.storeCommands()).containsOnlyKeys("contacts insert", "outbox delete");
        assertThat(delta.storeCommands()).containsEntry("contacts insert", 15.0).containsEntry("outbox delete", 3.0);
        assertThat(delta.kafkaProduced()).as("the producer restarted: its count since then").isEqualTo(6.0);
        assertThat(delta.cpuNanos()).isEqualTo(3000.0);
    }
}
