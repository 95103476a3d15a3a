package io.pulsecrm.bench.contacts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;

import io.pulsecrm.bench.api.PulseApi;
import io.pulsecrm.bench.scenario.BenchTargets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP for the contacts scenarios, as an admin ({@link AdminSession}): the API through the gateway, and the metrics
 * of contacts-service itself ({@code PULSE_BENCH_CONTACTS_URL}, default {@code http://127.0.0.1:8081}: the gateway
 * does not route a service's actuator). A request refused with 401 is sent once more with a fresh token.
 */
final class ContactsClient implements AutoCloseable {

    static final String CONTACTS_URL_ENV = "PULSE_BENCH_CONTACTS_URL";
    /** Uploading and storing a large file takes a while; far more than one API call's timeout. */
    private static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(30);

    private final BenchTargets targets;
    private final AdminSession session;
    private final URI service;
    private final HttpClient http;
    private final JsonMapper json = JsonMapper.shared();

    ContactsClient(BenchTargets targets) {
        this.targets = targets;
        this.session = new AdminSession(targets.bearerToken());
        this.service = URI.create(System.getenv().getOrDefault(CONTACTS_URL_ENV, "http://127.0.0.1:8081").replaceAll("/+$", ""));
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(targets.requestTimeout())
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    }

    /** Signs in (unless a token was given) and checks the gateway answers; a message saying what to start if not. */
    void requireReachable() {
        session.token();
        PulseApi.requireGateway(targets);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(() -> request(targets.gateway().resolve(path), targets.requestTimeout()).GET().build());
    }

    HttpResponse<String> postJson(String path, Object body) throws IOException, InterruptedException {
        byte[] bytes = json.writeValueAsBytes(body);
        return send(() -> request(targets.gateway().resolve(path), targets.requestTimeout())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
    }

    /** Streams a file from disk as the body of {@code POST path} ({@code text/csv}). */
    HttpResponse<String> uploadCsv(String path, Path file) throws IOException, InterruptedException {
        return upload(path, file, "text/csv");
    }

    /** Streams a file from disk as the body of {@code POST path}, declared as {@code contentType}. */
    HttpResponse<String> upload(String path, Path file, String contentType) throws IOException, InterruptedException {
        return send(() -> {
            try {
                return request(targets.gateway().resolve(path), UPLOAD_TIMEOUT).header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofFile(file)).build();
            } catch (java.io.FileNotFoundException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** A metric of contacts-service ({@code /actuator/metrics/<name>?tag=...}); NaN when it has none. */
    double serviceMetric(String name, String... tags) throws IOException, InterruptedException {
        StringBuilder path = new StringBuilder("/actuator/metrics/").append(name);
        for (int i = 0; i < tags.length; i++) {
            path.append(i == 0 ? '?' : '&').append("tag=").append(tags[i]);
        }
        HttpResponse<String> response = send(() -> request(service.resolve(path.toString()), targets.requestTimeout()).GET().build());
        if (response.statusCode() != 200) {
            return Double.NaN;
        }
        for (JsonNode measurement : json.readTree(response.body()).path("measurements")) {
            if ("VALUE".equals(measurement.path("statistic").asString())) {
                return measurement.path("value").asDouble();
            }
        }
        return Double.NaN;
    }

    JsonNode readJson(HttpResponse<String> response) {
        return json.readTree(response.body());
    }

    URI service() {
        return service;
    }

    private HttpResponse<String> send(java.util.function.Supplier<HttpRequest> request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(withToken(request.get(), session.token()), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 401 && session.canRenew()) {
            response = http.send(withToken(request.get(), session.renew()), HttpResponse.BodyHandlers.ofString());
        }
        return response;
    }

    private static HttpRequest withToken(HttpRequest request, String token) {
        return HttpRequest.newBuilder(request, (name, value) -> true).header("Authorization", "Bearer " + token).build();
    }

    private static HttpRequest.Builder request(URI uri, Duration timeout) {
        return HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
    }

    @Override
    public void close() {
        http.close();
    }
}
