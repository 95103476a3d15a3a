package io.pulsecrm.identity;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A misconfigured issuer refuses to start, saying what is missing. */
class StartupTest {

    @Test
    void failsFastWithoutADirectoryFile() {
        assertThatThrownBy(() -> start("--server.port=0"))
                .rootCause()
                .hasMessageContaining("pulse.identity.directory-file is required");
    }

    @Test
    void failsFastWhenTheDirectoryFileDoesNotExist(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> start("--server.port=0", "--pulse.identity.directory-file=" + missing))
                .rootCause()
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
    }

    private static void start(String... args) {
        try (ConfigurableApplicationContext ignored = new SpringApplicationBuilder(IdentityServiceApplication.class)
                .run(args)) {
            throw new AssertionError("started without a usable directory file");
        }
    }
}
