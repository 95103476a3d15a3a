package io.pulsecrm.deploy.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.pulsecrm.deploy.testing.TestJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFilesTest {

    @TempDir
    Path dir;

    @Test
    void aChildLeftRunningByAKilledLauncherIsStoppedOnTheNextStart() {
        Path jar = TestJars.fakeServiceJar(dir, "orphan-service");
        ServiceProcess orphan = ServiceProcess.start("orphan-service", TestJars.javaJar(jar),
                Map.of("PORT", String.valueOf(TestJars.freePort())), dir.resolve("orphan-service.log"));
        PidFiles pidFiles = new PidFiles(dir.resolve("run"));
        pidFiles.record(orphan);

        assertThat(pidFiles.stopLeftovers(Duration.ofSeconds(10)))
                .containsExactly("orphan-service (pid " + orphan.pid() + ")");

        assertThat(orphan.onExit().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join().isAlive()).isFalse();
        assertThat(dir.resolve("run/orphan-service.pid")).doesNotExist();
    }

    @Test
    void aRecycledPidBelongingToAnotherProgramIsLeftAlone() throws IOException {
        Process unrelated = new ProcessBuilder("sleep", "30").start();
        try {
            Files.createDirectories(dir.resolve("run"));
            Files.writeString(dir.resolve("run/contacts-service.pid"), Long.toString(unrelated.pid()));

            assertThat(new PidFiles(dir.resolve("run")).stopLeftovers(Duration.ofSeconds(1))).isEmpty();

            assertThat(unrelated.isAlive()).isTrue();
            assertThat(dir.resolve("run/contacts-service.pid")).doesNotExist();
        } finally {
            unrelated.destroyForcibly();
        }
    }
}
