package io.pulsecrm.bench.contacts;

import java.io.IOException;
import java.io.PrintStream;

/**
 * Samples contacts-service's heap from its Micrometer metrics while something runs: the most heap in use at any
 * sample ({@code jvm.memory.used}, area heap, which includes garbage not yet collected), the most live data found by
 * a full collection ({@code jvm.gc.live.data.size}: what the service really holds) and the heap's maximum.
 */
final class HeapSampler {

    private static final double MB = 1024 * 1024;

    /** The highest figures seen; NaN for a metric the service does not have. */
    record Figures(double maxUsed, double maxLiveData, double max, int samples) {

        void print(PrintStream out) {
            out.printf("   contacts-service heap over %d samples (1/s): at most %s in use (incl. garbage not yet collected), "
                    + "maximum heap %s; live data after the last full GC: %s%n", samples, mb(maxUsed), mb(max),
                    maxLiveData > 0 ? mb(maxLiveData) : "no full GC happened");
        }

        private static String mb(double bytes) {
            return Double.isNaN(bytes) ? "n/a" : String.format("%.0f MB", bytes / MB);
        }
    }

    private final ContactsClient client;
    private double maxUsed = Double.NaN;
    private double maxLiveData = Double.NaN;
    private double max = Double.NaN;
    private int samples;

    HeapSampler(ContactsClient client) {
        this.client = client;
    }

    void sample() {
        try {
            double used = client.serviceMetric("jvm.memory.used", "area:heap");
            double live = client.serviceMetric("jvm.gc.live.data.size");
            double heapMax = client.serviceMetric("jvm.memory.max", "area:heap");
            synchronized (this) {
                maxUsed = larger(maxUsed, used);
                maxLiveData = larger(maxLiveData, live);
                max = larger(max, heapMax);
                samples++;
            }
        } catch (IOException e) {
            // a missed sample
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized Figures figures() {
        return new Figures(maxUsed, maxLiveData, max, samples);
    }

    private static double larger(double current, double value) {
        if (Double.isNaN(value)) {
            return current;
        }
        return Double.isNaN(current) ? value : Math.max(current, value);
    }
}
