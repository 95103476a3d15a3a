package io.pulsecrm.contacts.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.ApiClient.Response;
import tools.jackson.databind.JsonNode;

/** The import API as the import tests drive it: upload, run and wait, and the report's parts as text. */
final class ImportApi {

    private ImportApi() {
    }

    static Response upload(ApiClient client, byte[] file, String contentType, String query) {
        return client.sendBytes("POST", "/api/imports" + query, file, Map.of("Content-Type", contentType));
    }

    static Response run(ApiClient client, String id, String body) {
        Response started = client.post("/api/imports/" + id + "/run", body);
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        return awaitStatus(client, id, "completed");
    }

    static Response awaitStatus(ApiClient client, String id, String status) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> client.get("/api/imports/" + id), r -> r.json().get("status").asString().equals(status));
    }

    /** The report's row errors as {@code row:field:message} ({@code -} for a note on the whole row). */
    static List<String> errors(Response job) {
        return job.json().get("rowErrors").valueStream()
                .map(e -> e.get("row").asLong() + ":" + (e.get("field").isNull() ? "-" : e.get("field").asString()) + ":"
                        + e.get("message").asString()).toList();
    }

    static String json(Map<String, String> map) {
        StringBuilder json = new StringBuilder("{");
        map.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":\"").append(v).append('"'));
        return json.append('}').toString();
    }

    static void assertProblem(Response response, String field, String mentions) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.header("Content-Type")).as(response.toString()).startsWith("application/problem+json");
        assertThat(response.body()).as(response.toString()).contains("\"" + field + "\"").contains(mentions);
    }

    static List<String> strings(JsonNode array) {
        return array.valueStream().map(JsonNode::asString).toList();
    }

    static Map<String, String> map(JsonNode object) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        object.properties().forEach(e -> map.put(e.getKey(), e.getValue().asString()));
        return map;
    }
}
