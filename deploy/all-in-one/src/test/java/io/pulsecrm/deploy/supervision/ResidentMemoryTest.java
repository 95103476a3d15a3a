package io.pulsecrm.deploy.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResidentMemoryTest {

    @TempDir
    Path proc;

    @Test
    void readsTheResidentSetFromTheProcessStatusInKilobytes() throws IOException {
        Files.createDirectories(proc.resolve("42"));
        Files.writeString(proc.resolve("42/status"), """
                Name:\tjava
                VmPeak:\t 4000000 kB
                VmRSS:\t  312576 kB
                Threads:\t40
                """);

        assertThat(ResidentMemory.of(proc, 42)).hasValue(312576L * 1024);
    }

    @Test
    void aProcessThatIsGoneOrReportsNoResidentSetHasNoFigure() throws IOException {
        Files.createDirectories(proc.resolve("7"));
        Files.writeString(proc.resolve("7/status"), "Name:\tzombie\nState:\tZ (zombie)\n");

        assertThat(ResidentMemory.of(proc, 7)).isEmpty();
        assertThat(ResidentMemory.of(proc, 99)).isEmpty();
    }
}
