package io.pulsecrm.bench.cost;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.TreeMap;

/**
 * What a number of units (operations, or seconds for {@link CostMeter#idle}) cost the platform: per process, the
 * store commands, Kafka records and CPU time between two readings, and the same divided per unit.
 *
 * @param perService the differences of the two readings, by process (processes in both readings only)
 * @param units      what the totals are divided by
 */
public record Cost(Map<String, ServiceCounters> perService, double units) {

    /** One process's cost per unit; {@code cpuMillis} is null when the process does not report CPU time. */
    public record Share(String service, double storeCommands, Map<String, Double> byCollection, double kafkaProduced,
                        double kafkaConsumed, Double cpuMillis) {
    }

    public Cost {
        perService = Map.copyOf(perService);
    }

    public static Cost between(Map<String, ServiceCounters> before, Map<String, ServiceCounters> after, double units) {
        Map<String, ServiceCounters> deltas = new TreeMap<>();
        after.forEach((service, counters) -> {
            ServiceCounters earlier = before.get(service);
            if (earlier != null) {
                deltas.put(service, counters.minus(earlier));
            }
        });
        return new Cost(deltas, units);
    }

    /** Per process, in the order of their store commands (costliest first), per unit. */
    public List<Share> shares() {
        return perService.entrySet().stream()
                .map(e -> share(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingDouble(Share::storeCommands).reversed().thenComparing(Share::service))
                .toList();
    }

    public double storeCommandsPerUnit() {
        return perUnit(perService.values().stream().mapToDouble(ServiceCounters::storeCommandTotal).sum());
    }

    public double kafkaProducedPerUnit() {
        return perUnit(perService.values().stream().mapToDouble(ServiceCounters::kafkaProduced).sum());
    }

    public double kafkaConsumedPerUnit() {
        return perUnit(perService.values().stream().mapToDouble(ServiceCounters::kafkaConsumed).sum());
    }

    /** NaN when no process reported CPU time. */
    public double cpuMillisPerUnit() {
        double nanos = perService.values().stream().mapToDouble(ServiceCounters::cpuNanos).filter(n -> !Double.isNaN(n)).sum();
        boolean any = perService.values().stream().anyMatch(c -> !Double.isNaN(c.cpuNanos()));
        return any ? perUnit(nanos) / 1e6 : Double.NaN;
    }

    private Share share(String service, ServiceCounters counters) {
        Map<String, Double> byCollection = new LinkedHashMap<>();
        counters.storeCommands().entrySet().stream()
                .sorted(Entry.<String, Double>comparingByValue().reversed().thenComparing(Entry.comparingByKey()))
                .forEach(e -> byCollection.put(e.getKey(), perUnit(e.getValue())));
        return new Share(service, perUnit(counters.storeCommandTotal()), byCollection, perUnit(counters.kafkaProduced()),
                perUnit(counters.kafkaConsumed()), Double.isNaN(counters.cpuNanos()) ? null : perUnit(counters.cpuNanos()) / 1e6);
    }

    private double perUnit(double value) {
        return units <= 0 ? Double.NaN : value / units;
    }
}
