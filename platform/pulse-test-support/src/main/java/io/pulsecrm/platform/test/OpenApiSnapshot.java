package io.pulsecrm.platform.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI documents the web app is built against ({@code web/openapi/<service>.json}): the web build generates its
 * API types from them, so a service's API change shows up as a type error in a screen instead of a broken page. Each
 * service's {@link ServiceContractTest} compares its live document with the file; run the tests with
 * {@code -Dpulse.openapi.update=true} to write the new document after a deliberate API change.
 */
public final class OpenApiSnapshot {

    public static final String UPDATE_PROPERTY = "pulse.openapi.update";
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private OpenApiSnapshot() {
    }

    /** The repository's web/openapi folder, from a module folder (Surefire's working directory). */
    public static Path folder() {
        return Path.of(System.getProperty("pulse.repo.dir", "..")).resolve("web").resolve("openapi").toAbsolutePath()
                .normalize();
    }

    /** The document with its keys sorted, so the file diffs cleanly and compares exactly. */
    public static String canonical(JsonNode document) {
        return JSON.writeValueAsString(sorted(document)).replace("\r\n", "\n") + "\n";
    }

    public static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static boolean updating() {
        return Boolean.getBoolean(UPDATE_PROPERTY);
    }

    private static JsonNode sorted(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Map<String, JsonNode> fields = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = object.properties().iterator(); it.hasNext();) {
                Map.Entry<String, JsonNode> entry = it.next();
                fields.put(entry.getKey(), sorted(entry.getValue()));
            }
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            fields.forEach(copy::set);
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            array.forEach(element -> copy.add(sorted(element)));
            return copy;
        }
        return node;
    }
}
