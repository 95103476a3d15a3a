package io.pulsecrm.deploy.report;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import io.pulsecrm.deploy.infra.InfrastructureEndpoints;

/**
 * What came up, where, and how long it took.
 *
 * @param components infrastructure first, then the children in catalog order
 * @param databases  service name to its Mongo database, for the URI lines
 * @param firstCall  a request a user can paste to see the platform answer; {@code null} if nothing HTTP runs
 * @param logTails   for each component that failed, the last lines of its log
 * @param runnerResidentBytes physical memory of the runner's own JVM, which holds Kafka and MongoDB; empty when unknown
 */
public record StartupReport(List<ComponentStatus> components, InfrastructureEndpoints endpoints,
                            Map<String, String> databases, Path dataDir, Path logDir, String firstCall,
                            Map<String, List<String>> logTails, Duration total, OptionalLong runnerResidentBytes) {

    public StartupReport {
        components = List.copyOf(components);
        databases = Map.copyOf(databases);
        logTails = Map.copyOf(logTails);
    }

    public boolean allUp() {
        return components.stream().allMatch(ComponentStatus::isUp);
    }

    /** The runner's and every child's resident memory added up; empty when none is known. */
    public OptionalLong totalResidentBytes() {
        long total = runnerResidentBytes.orElse(0)
                + components.stream().mapToLong(c -> c.residentBytes().orElse(0)).sum();
        boolean known = runnerResidentBytes.isPresent() || components.stream().anyMatch(c -> c.residentBytes().isPresent());
        return known ? OptionalLong.of(total) : OptionalLong.empty();
    }

    public List<ComponentStatus> failures() {
        return components.stream().filter(c -> !c.isUp()).toList();
    }
}
