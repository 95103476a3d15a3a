package io.pulsecrm.bench.load;

import org.HdrHistogram.Histogram;

/** Percentiles of the recorded latencies, in microseconds. */
public record LatencySummary(long p50, long p90, long p99, long p999, long max, double mean) {

    public static LatencySummary of(Histogram histogram) {
        return new LatencySummary(
                histogram.getValueAtPercentile(50),
                histogram.getValueAtPercentile(90),
                histogram.getValueAtPercentile(99),
                histogram.getValueAtPercentile(99.9),
                histogram.getMaxValue(),
                histogram.getMean());
    }
}
