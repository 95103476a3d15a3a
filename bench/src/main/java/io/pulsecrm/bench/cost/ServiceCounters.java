package io.pulsecrm.bench.cost;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The counters of one process that add up to the cost of what it did: MongoDB commands by collection and command
 * (Micrometer's driver command listener, {@code mongodb.driver.commands}), Kafka records produced and consumed (the
 * Kafka clients' own totals, bound by Micrometer) and CPU time ({@code process.cpu.time}). Cumulative since the
 * process started; a cost is the difference of two readings.
 *
 * @param storeCommands by {@code "<collection> <command>"}
 * @param cpuNanos      NaN when the process does not report it
 * @param relayQueued   events written and queued in the process's outbox relay, not yet on Kafka (a gauge: the
 *                      value at the later reading in a difference)
 */
public record ServiceCounters(Map<String, Double> storeCommands, double kafkaProduced, double kafkaConsumed,
                              double cpuNanos, double relayQueued) {

    static final String STORE_COMMANDS = "mongodb_driver_commands_seconds_count";
    /** Producer-wide totals; the per-topic series have other names. */
    static final String KAFKA_PRODUCED = "kafka_producer_record_send_total";
    /**
     * Per consumer, and per consumer and topic; the Kafka client reports each topic twice, named as it is and with
     * its dots as underscores ({@code pulse.deals.deal.v1}, {@code pulse_deals_deal_v1}).
     */
    static final String KAFKA_CONSUMED = "kafka_consumer_fetch_manager_records_consumed_total";
    static final String CPU_PREFIX = "process_cpu_time_";
    static final String RELAY_QUEUED = "pulse_outbox_queued";

    public ServiceCounters {
        storeCommands = Map.copyOf(storeCommands);
    }

    public static ServiceCounters of(List<PrometheusText.Sample> samples) {
        Map<String, Double> store = new TreeMap<>();
        double produced = 0;
        Map<String, Double> consumedByClient = new TreeMap<>();
        Map<String, Double> consumedByClientTopic = new TreeMap<>();
        double cpu = Double.NaN;
        double queued = 0;
        for (PrometheusText.Sample sample : samples) {
            switch (sample.name()) {
                case STORE_COMMANDS -> store.merge(sample.label("collection") + " " + sample.label("command"),
                        sample.value(), Double::sum);
                case KAFKA_PRODUCED -> produced += sample.value();
                case RELAY_QUEUED -> queued += sample.value();
                case KAFKA_CONSUMED -> {
                    String client = sample.label("client_id");
                    if (sample.labels().containsKey("topic")) {
                        consumedByClientTopic.merge(client + " " + sample.label("topic").replace('.', '_'),
                                sample.value(), Math::max);
                    } else {
                        consumedByClient.merge(client, sample.value(), Double::sum);
                    }
                }
                default -> {
                    if (sample.name().startsWith(CPU_PREFIX)) {
                        cpu = nanos(sample.name(), sample.value());
                    }
                }
            }
        }
        // a consumer's own total where it has one, else the sum of its topics
        consumedByClientTopic.forEach((clientTopic, count) -> {
            String client = clientTopic.substring(0, clientTopic.indexOf(' '));
            if (!consumedByClient.containsKey(client)) {
                consumedByClient.merge(client + " (topics)", count, Double::sum);
            }
        });
        double consumed = consumedByClient.values().stream().mapToDouble(Double::doubleValue).sum();
        return new ServiceCounters(store, produced, consumed, cpu, queued);
    }

    /** What happened between {@code earlier} and this reading; a counter that went down (a restart) counts from 0. */
    public ServiceCounters minus(ServiceCounters earlier) {
        Map<String, Double> store = new TreeMap<>();
        storeCommands.forEach((key, count) -> {
            double delta = since(count, earlier.storeCommands.getOrDefault(key, 0.0));
            if (delta > 0) {
                store.put(key, delta);
            }
        });
        return new ServiceCounters(store, since(kafkaProduced, earlier.kafkaProduced),
                since(kafkaConsumed, earlier.kafkaConsumed), since(cpuNanos, earlier.cpuNanos), relayQueued);
    }

    public double storeCommandTotal() {
        return storeCommands.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    private static double since(double now, double before) {
        if (Double.isNaN(now) || Double.isNaN(before)) {
            return Double.NaN;
        }
        return now >= before ? now - before : now;
    }

    private static double nanos(String name, double value) {
        if (name.contains("_seconds")) {
            return value * 1e9;
        }
        if (name.contains("_milliseconds")) {
            return value * 1e6;
        }
        return value; // Micrometer's base unit for process.cpu.time is nanoseconds ("_ns_total")
    }
}
