package io.pulsecrm.deploy.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.pulsecrm.deploy.testing.BrokenService;
import io.pulsecrm.deploy.testing.FakeService;
import io.pulsecrm.deploy.testing.TestJars;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child JVMs over real sockets: start, readiness, failure reports and graceful/forced stops. */
class ServiceProcessTest {

    private static final Duration GRACE = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    Path jar;
    int port;
    URI readiness;
    ServiceProcess child;
    final ReadinessProbe probe = new ReadinessProbe(Duration.ofMillis(100), Duration.ofSeconds(1));

    @BeforeEach
    void aFakeService() {
        jar = TestJars.fakeServiceJar(dir, "fake-service");
        port = TestJars.freePort();
        readiness = URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness");
    }

    @AfterEach
    void noChildOutlivesItsTest() {
        if (child != null) {
            child.stop(Duration.ZERO);
        }
    }

    @Test
    void becomesReadyWritesItsLogAndStopsGracefullyOnSigterm() throws IOException {
        Path marker = dir.resolve("stopped-gracefully");
        child = start(Map.of(FakeService.READY_AFTER_MS, "300", FakeService.SHUTDOWN_MARKER, marker.toString()));

        assertThat(probe.isReady(readiness)).as("not ready before its 300 ms are up").isFalse();
        Readiness readiness = probe.awaitReady(child, this.readiness, Duration.ofSeconds(20));

        assertThat(readiness).isInstanceOf(Readiness.Ready.class);
        assertThat(readiness.after()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(Files.readString(child.logFile())).contains(FakeService.STARTED_LINE + " on port " + port);
        assertThat(child.stop(GRACE)).isEqualTo(ServiceProcess.StopOutcome.STOPPED);
        assertThat(marker).as("the shutdown hook ran, so it was SIGTERM, not SIGKILL").hasContent("graceful");
        assertThat(PortCheck.isFree(port)).isTrue();
        assertThat(child.stop(GRACE)).isEqualTo(ServiceProcess.StopOutcome.ALREADY_EXITED);
    }

    @Test
    void aChildThatExitsBeforeReadinessIsReportedWithItsExitCodeAndLastLogLines() {
        child = ServiceProcess.start("broken-service", TestJars.javaJar(TestJars.brokenServiceJar(dir, "broken-service")),
                env(Map.of()), dir.resolve("broken-service.log"));

        Readiness readiness = probe.awaitReady(child, this.readiness, Duration.ofSeconds(20));

        assertThat(readiness).isEqualTo(new Readiness.Exited(BrokenService.EXIT_CODE, readiness.after()));
        assertThat(child.logTail(5)).contains(BrokenService.COMPLAINT);
    }

    @Test
    void aChildThatNeverBecomesReadyTimesOutSayingWhichIndicatorIsDown() {
        child = start(Map.of(FakeService.READY_AFTER_MS, "-1"));

        Readiness readiness = probe.awaitReady(child, this.readiness, Duration.ofSeconds(3));

        assertThat(readiness).isInstanceOfSatisfying(Readiness.TimedOut.class,
                timedOut -> assertThat(timedOut.lastAnswer()).isEqualTo("HTTP 503, mongo DOWN"));
        assertThat(child.isAlive()).as("the probe reports; stopping is the runner's decision").isTrue();
    }

    @Test
    void aChildStuckInShutdownIsKilledAfterTheGracePeriod() {
        child = start(Map.of(FakeService.HANG_ON_SHUTDOWN, "true"));
        assertThat(probe.awaitReady(child, readiness, Duration.ofSeconds(20))).isInstanceOf(Readiness.Ready.class);

        long begin = System.nanoTime();
        assertThat(child.stop(Duration.ofMillis(500))).isEqualTo(ServiceProcess.StopOutcome.KILLED);

        assertThat(child.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void theLogOfThePreviousRunIsKeptBesideTheNewOne() throws IOException {
        Path log = dir.resolve("logs/fake-service.log");
        Files.createDirectories(log.getParent());
        Files.writeString(log, "previous run");

        child = ServiceProcess.start("fake-service", TestJars.javaJar(jar), env(Map.of()), log);
        probe.awaitReady(child, readiness, Duration.ofSeconds(20));

        assertThat(dir.resolve("logs/fake-service.log.1")).hasContent("previous run");
        assertThat(Files.readString(log)).doesNotContain("previous run");
    }

    @Test
    void aPortInUseIsDetectedBeforeAnythingStarts() {
        child = start(Map.of());
        probe.awaitReady(child, readiness, Duration.ofSeconds(20));

        assertThat(PortCheck.conflicts(Map.of("fake-service", port, "spare", TestJars.freePort())))
                .containsExactly("port " + port + " (fake-service) is already in use");
    }

    private ServiceProcess start(Map<String, String> extraEnv) {
        return ServiceProcess.start("fake-service", TestJars.javaJar(jar), env(extraEnv), dir.resolve("fake-service.log"));
    }

    private Map<String, String> env(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(extra);
        env.put("PORT", String.valueOf(port));
        return env;
    }
}
