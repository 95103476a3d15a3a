package io.pulsecrm.e2e;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The operations a component's OpenAPI document describes, as the gateway exposes them: path parameters, query
 * and header parameters, the request body's media types and schema ({@code $ref}s resolved against the document).
 * Only what clients reach through the gateway: {@code /api/...}, and each service's {@code /admin/dead-letters/...}
 * as {@code /admin/<service>/dead-letters/...}.
 */
final class OpenApiOperations {

    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

    /** One parameter: where it goes ({@code path}, {@code query}, {@code header}) and its schema. */
    record Parameter(String name, String in, JsonNode schema, boolean required) {
    }

    /** One operation of one component, its path as the gateway routes it. */
    record Operation(String component, String method, String path, List<Parameter> parameters,
                     List<String> bodyTypes, JsonNode bodySchema, boolean streams, Schemas schemas) {

        List<Parameter> in(String location) {
            return parameters.stream().filter(parameter -> parameter.in().equals(location)).toList();
        }

        boolean changes() {
            return !method.equals("GET");
        }

        /** Deletions, erasures and merges last: they take away the records the other operations work on. */
        int destructiveness() {
            return method.equals("DELETE") || path.endsWith("/erase") || path.endsWith("/merge") ? 1 : 0;
        }

        @Override
        public String toString() {
            return method + " " + path + " (" + component + ")";
        }
    }

    /** Resolves {@code $ref}s of one document. */
    record Schemas(JsonNode document) {

        JsonNode resolve(JsonNode schema) {
            JsonNode current = schema;
            for (int hops = 0; current != null && current.has("$ref") && hops < 10; hops++) {
                String ref = current.get("$ref").asString();
                current = document.at(ref.substring(1));
            }
            return current == null || current.isMissingNode() ? JsonNodeFactory.instance.objectNode() : current;
        }
    }

    private OpenApiOperations() {
    }

    static List<Operation> of(String component, JsonNode document) {
        Schemas schemas = new Schemas(document);
        List<Operation> operations = new ArrayList<>();
        Map<String, JsonNode> paths = new TreeMap<>();
        document.path("paths").properties().forEach(entry -> paths.put(entry.getKey(), entry.getValue()));
        paths.forEach((path, item) -> {
            String routed = routedPath(component, path);
            if (routed == null) {
                return;
            }
            for (String method : METHODS) {
                JsonNode operation = item.get(method);
                if (operation == null) {
                    continue;
                }
                List<Parameter> parameters = new ArrayList<>();
                for (JsonNode parameter : operation.path("parameters")) {
                    JsonNode resolved = schemas.resolve(parameter);
                    parameters.add(new Parameter(resolved.path("name").asString(), resolved.path("in").asString(),
                            schemas.resolve(resolved.path("schema")), resolved.path("required").asBoolean(false)));
                }
                List<String> bodyTypes = new ArrayList<>();
                JsonNode bodySchema = null;
                JsonNode content = schemas.resolve(operation.path("requestBody")).path("content");
                for (var media : content.properties()) {
                    bodyTypes.add(media.getKey());
                    if (bodySchema == null) {
                        bodySchema = schemas.resolve(media.getValue().path("schema"));
                    }
                }
                boolean streams = operation.path("responses").toString().contains("text/event-stream");
                operations.add(new Operation(component, method.toUpperCase(Locale.ROOT), routed, parameters, bodyTypes,
                        bodySchema, streams, schemas));
            }
        });
        operations.sort(Comparator.comparingInt(Operation::destructiveness));
        return operations;
    }

    /** Where the gateway exposes a component's path, or null when it does not route it. */
    private static String routedPath(String component, String path) {
        if (path.startsWith("/api/")) {
            return path;
        }
        if (path.startsWith("/admin/dead-letters")) {
            return "/admin/" + component + path.substring("/admin".length());
        }
        return null;
    }
}
