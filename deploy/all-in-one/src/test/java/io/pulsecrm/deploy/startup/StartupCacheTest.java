package io.pulsecrm.deploy.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.pulsecrm.deploy.catalog.ComponentSpec;
import io.pulsecrm.deploy.testing.TestJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupCacheTest {

    @TempDir
    Path dir;

    @Test
    void theFingerprintFollowsTheJarsContentNotItsFileTime() throws IOException {
        Path jar = TestJars.fakeServiceJar(dir.resolve("a"), "svc");
        String before = JarFingerprint.of(jar, List.of("-Xmx384m"));

        Path rebuilt = TestJars.fakeServiceJar(dir.resolve("b"), "svc");
        Files.setLastModifiedTime(rebuilt, FileTime.from(Instant.now().plusSeconds(60)));

        assertThat(JarFingerprint.of(rebuilt, List.of("-Xmx384m"))).isEqualTo(before);
        assertThat(JarFingerprint.of(rebuilt, List.of("-Xmx512m"))).as("JVM options are part of it").isNotEqualTo(before);
    }

    @Test
    void aJarThatIsNotASpringBootJarStartsAsItIs() throws IOException {
        Path jar = TestJars.fakeServiceJar(dir, "plain-service");
        ComponentSpec component = ComponentSpec.service("plain-service", 1, jar, "plain");
        StartupCache cache = new StartupCache(dir.resolve("cache"), Path.of(System.getProperty("java.home"), "bin", "java"),
                Runtime.version().feature(), List.of(), Duration.ofSeconds(30), true);

        StartupCache.Launch launch = cache.launchFor(component);

        assertThat(StartupCache.isSpringBootJar(jar)).isFalse();
        assertThat(launch.outcome()).isEqualTo(StartupCache.Outcome.NOT_USED);
        assertThat(launch.arguments()).containsExactly("-jar", jar.toString());
        assertThat(launch.note()).contains("not a Spring Boot executable jar");
    }

    @Test
    void switchedOffItNeverTouchesTheJar() {
        Path jar = TestJars.fakeServiceJar(dir, "svc");
        StartupCache cache = new StartupCache(dir.resolve("cache"), Path.of("java"), 25, List.of(), Duration.ofSeconds(1), false);
        ComponentSpec component = ComponentSpec.service("svc", 1, jar, "svc");

        assertThat(cache.launchFor(component))
                .isEqualTo(new StartupCache.Launch(List.of("-jar", jar.toString()), StartupCache.Outcome.NOT_USED, ""));
        assertThat(dir.resolve("cache")).doesNotExist();
    }
}
