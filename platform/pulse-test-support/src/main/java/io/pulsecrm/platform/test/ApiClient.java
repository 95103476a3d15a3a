package io.pulsecrm.platform.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for tests that drive a service or the gateway over a real socket, as a client would. */
public final class ApiClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String bearerToken;

    public ApiClient(String baseUrl) {
        this(baseUrl, null);
    }

    private ApiClient(String baseUrl, String bearerToken) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.bearerToken = bearerToken;
    }

    /** The same client sending {@code Authorization: Bearer <token>} with every request. */
    public ApiClient withToken(String token) {
        return new ApiClient(baseUrl, token);
    }

    /** The same client acting as a member of the test directory ({@link TestIdentity}). */
    public ApiClient as(String userId) {
        return withToken(TestIdentity.shared().tokenFor(userId));
    }

    /** The same client without credentials. */
    public ApiClient anonymous() {
        return new ApiClient(baseUrl, null);
    }

    public String baseUrl() {
        return baseUrl;
    }

    public static ApiClient localhost(int port) {
        return new ApiClient("http://127.0.0.1:" + port);
    }

    public Response get(String path) {
        return send("GET", path, null, Map.of());
    }

    public Response post(String path, String json) {
        return send("POST", path, json, Map.of("Content-Type", "application/json"));
    }

    public Response post(String path, String json, Map<String, String> headers) {
        return send("POST", path, json, withJson(headers));
    }

    public Response patch(String path, String json, Map<String, String> headers) {
        return send("PATCH", path, json, withJson(headers));
    }

    public Response delete(String path, Map<String, String> headers) {
        return send("DELETE", path, null, headers);
    }

    public Response send(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (bearerToken != null && headers.keySet().stream().noneMatch("Authorization"::equalsIgnoreCase)) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends bytes as they are (a file in an encoding other than UTF-8, a workbook). */
    public Response sendBytes(String method, String path, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30)).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        headers.forEach(request::header);
        try {
            return new Response(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A {@code multipart/form-data} upload of one file as part {@code file}, as a browser's form sends it
     * ({@code contentType} null: no Content-Type on the part). A body the server refuses before reading it (413 on the
     * declared length) breaks the connection here: send such bodies with {@link RawHttp}.
     */
    public Response upload(String path, String filename, String contentType, byte[] content) {
        String boundary = "----pulse" + java.util.UUID.randomUUID().toString().replace("-", "");
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream(content.length + 512);
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + filename.replace("\"", "%22") + "\"\r\n" + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                + "\r\n";
        body.writeBytes(head.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return sendBytes("POST", path, body.toByteArray(), Map.of("Content-Type", "multipart/form-data; boundary=" + boundary));
    }

    /** A GET whose body is kept as bytes (a download: a CSV with a byte order mark, a workbook). */
    public HttpResponse<byte[]> download(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30)).GET();
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> withJson(Map<String, String> headers) {
        if (headers.keySet().stream().anyMatch("Content-Type"::equalsIgnoreCase)) {
            return headers;
        }
        var all = new java.util.HashMap<>(headers);
        all.put("Content-Type", "application/json");
        return all;
    }

    /** Status, headers and body of one response; {@link #json()} parses the body. */
    public record Response(HttpResponse<String> raw) {

        public int status() {
            return raw.statusCode();
        }

        public String body() {
            return raw.body();
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public JsonNode json() {
            return JSON.readTree(raw.body());
        }

        @Override
        public String toString() {
            return raw.statusCode() + " " + raw.body();
        }
    }
}
