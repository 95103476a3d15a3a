package io.pulsecrm.platform.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Partners read the AsyncAPI document: every event type with a published schema must be in it. */
class AsyncApiCompletenessTest {

    private static final Path SCHEMAS = Path.of("src/main/resources/pulse/schemas");
    private static final Path ASYNCAPI = Path.of("../../docs/asyncapi.yaml");

    @Test
    void everyPublishedEventTypeIsInTheAsyncApiDocument() throws IOException {
        String asyncApi = Files.readString(ASYNCAPI);
        List<String> types;
        try (Stream<Path> files = Files.list(SCHEMAS)) {
            types = files.map(file -> file.getFileName().toString())
                    .filter(name -> name.startsWith("pulse."))
                    .map(name -> name.substring(0, name.length() - ".schema.json".length()))
                    .toList();
        }

        assertThat(types).isNotEmpty();
        assertThat(types).as("event types missing from docs/asyncapi.yaml: run python3 docs/tools/generate-asyncapi.py")
                .allSatisfy(type -> assertThat(asyncApi).contains("name: " + type + "\n"));
    }
}
