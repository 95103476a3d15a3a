package io.pulsecrm.bench.api;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.Executors;

import io.pulsecrm.bench.scenario.BenchTargets;
import io.pulsecrm.bench.scenario.ScenarioUnavailableException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** JSON over HTTP to the gateway with one caller's bearer token, from the caller's (virtual) thread. */
public final class PulseApi implements AutoCloseable {

    private final BenchTargets targets;
    private final String token;
    private final HttpClient http;
    private final JsonMapper json = JsonMapper.shared();

    public PulseApi(BenchTargets targets, String token) {
        this.targets = targets;
        this.token = token;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(targets.requestTimeout())
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    }

    /** Fails with what to start when nothing answers at the gateway's address. */
    public static void requireGateway(BenchTargets targets) {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(targets.requestTimeout()).build()) {
            http.send(HttpRequest.newBuilder(URI.create(targets.gateway() + "/actuator/health"))
                    .timeout(targets.requestTimeout()).GET().build(), HttpResponse.BodyHandlers.discarding());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new ScenarioUnavailableException("the gateway at " + targets.gateway() + " is unreachable. Start the "
                    + "platform with deploy/all-in-one/run, or pass --gateway URL.", e);
        } catch (IOException e) {
            throw new ScenarioUnavailableException("the gateway at " + targets.gateway() + " did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScenarioUnavailableException("interrupted", e);
        }
    }

    public HttpResponse<String> send(String method, String path, Object body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = request(path).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, Object body) throws IOException, InterruptedException {
        return send("POST", path, body, Map.of());
    }

    /** A Server-Sent Events stream, its lines read as they arrive. */
    public HttpResponse<java.util.stream.Stream<String>> stream(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(targets.gateway() + path))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofLines());
    }

    public JsonNode json(HttpResponse<String> response) {
        return json.readTree(response.body());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(targets.gateway() + path)).timeout(targets.requestTimeout())
                .header("Accept", "application/json").header("Authorization", "Bearer " + token);
    }

    @Override
    public void close() {
        http.shutdownNow(); // also ends open event streams, which close() would wait for
    }
}
