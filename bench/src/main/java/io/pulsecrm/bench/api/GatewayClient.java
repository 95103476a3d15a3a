package io.pulsecrm.bench.api;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Executors;

import io.pulsecrm.bench.scenario.BenchTargets;
import io.pulsecrm.bench.scenario.ScenarioUnavailableException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP to the gateway as a client of the platform would: JSON bodies, the bearer token if any, one
 * request per call from the caller's (virtual) thread.
 */
final class GatewayClient implements AutoCloseable {

    static final String JSON = "application/json";
    private static final String CONTENT_TYPE = "Content-Type";
    private static final String ACCEPT = "Accept";
    private static final String AUTHORIZATION = "Authorization";
    private static final String LOCATION = "Location";
    /** Any answer proves the gateway is there; this path is cheap for it to answer. */
    private static final String REACHABILITY_PATH = "/actuator/health";

    private final BenchTargets targets;
    private final HttpClient http;
    private final JsonMapper json = JsonMapper.shared();

    GatewayClient(BenchTargets targets) {
        this.targets = targets;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // what clients of the gateway use; no h2c upgrade round trip
                .connectTimeout(targets.requestTimeout())
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    /** Fails with a message saying what to start when nothing answers at the gateway's address. */
    void requireReachable() {
        try {
            http.send(request(REACHABILITY_PATH).GET().build(), HttpResponse.BodyHandlers.discarding());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new ScenarioUnavailableException("the gateway at " + targets.gateway() + " is unreachable ("
                    + (e.getMessage() != null ? e.getMessage() : "connection refused")
                    + "). Start the platform with deploy/all-in-one/run, or pass --gateway URL.", e);
        } catch (IOException e) {
            throw new ScenarioUnavailableException("the gateway at " + targets.gateway() + " did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScenarioUnavailableException("interrupted", e);
        }
    }

    HttpResponse<String> postJson(String path, Object body) throws IOException, InterruptedException {
        return postJson(path, body, null);
    }

    /** POST with an {@code If-Match} version, for changes that need optimistic locking. */
    HttpResponse<String> postJson(String path, Object body, String ifMatch) throws IOException, InterruptedException {
        HttpRequest.Builder request = request(path).header(CONTENT_TYPE, JSON)
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** PATCH (JSON merge patch) with an {@code If-Match} version. */
    HttpResponse<String> patchJson(String path, Object body, String ifMatch) throws IOException, InterruptedException {
        HttpRequest request = request(path).header(CONTENT_TYPE, JSON).header("If-Match", ifMatch)
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    JsonNode readJson(HttpResponse<String> response) {
        return json.readTree(response.body());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The id of a created resource: the body's {@code id}, else the last segment of its Location. */
    String createdId(HttpResponse<String> created) {
        try {
            JsonNode id = json.readTree(created.body()).path("id");
            if (id.isString() || id.isNumber()) {
                return id.asString();
            }
        } catch (RuntimeException notJson) {
            // fall back to the Location header
        }
        return created.headers().firstValue(LOCATION)
                .map(location -> location.substring(location.lastIndexOf('/') + 1))
                .orElseThrow(() -> new IllegalStateException("created, but neither an id in the body nor a Location header"));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(targets.gateway() + path))
                .timeout(targets.requestTimeout())
                .header(ACCEPT, JSON);
        targets.bearerToken().ifPresent(token -> builder.header(AUTHORIZATION, "Bearer " + token));
        return builder;
    }

    @Override
    public void close() {
        http.close();
    }
}
