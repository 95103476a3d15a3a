package io.pulsecrm.bench.notifications;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.HdrHistogram.Recorder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A partner's webhook endpoint on this machine: verifies every delivery as the Standard Webhooks conventions say
 * (HMAC-SHA256 of {@code webhook-id.webhook-timestamp.body} with the subscription's secret, any of the
 * space-separated {@code v1,} signatures), dedupes on {@code webhook-id}, and counts verified deliveries per CloudEvent
 * subject (the bench's batch), with the time from the event's {@code time} to its arrival here.
 */
final class SignedDeliveryReceiver implements AutoCloseable {

    private final HttpServer server;
    private final JsonMapper json = JsonMapper.shared();
    private final Map<String, AtomicLong> perSubject = new ConcurrentHashMap<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final AtomicLong verified = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong badSignatures = new AtomicLong();
    /** Event time to arrival, microseconds (clocks of one machine). */
    private final Recorder endToEnd = new Recorder(TimeUnit.MINUTES.toMicros(10), 3);
    private volatile byte[] key;

    private SignedDeliveryReceiver(HttpServer server) {
        this.server = server;
    }

    static SignedDeliveryReceiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        SignedDeliveryReceiver receiver = new SignedDeliveryReceiver(server);
        server.createContext("/hook", receiver::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return receiver;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** The subscription's secret, {@code whsec_<base64 key>}. */
    void secret(String secret) {
        this.key = Base64.getDecoder().decode(secret.startsWith("whsec_") ? secret.substring(6) : secret);
    }

    long delivered(String subject) {
        AtomicLong count = perSubject.get(subject);
        return count == null ? 0 : count.get();
    }

    long verified() {
        return verified.get();
    }

    long duplicates() {
        return duplicates.get();
    }

    long badSignatures() {
        return badSignatures.get();
    }

    /** End-to-end latencies (event time to arrival) recorded since the last call, microseconds. */
    org.HdrHistogram.Histogram takeLatencies() {
        return endToEnd.getIntervalHistogram();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Instant arrived = Instant.now();
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            String signatures = exchange.getRequestHeaders().getFirst("webhook-signature");
            if (id == null || timestamp == null || signatures == null || !signedCorrectly(id, timestamp, body, signatures)) {
                badSignatures.incrementAndGet();
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            exchange.sendResponseHeaders(204, -1);
            if (!seen.add(id)) {
                duplicates.incrementAndGet();
                return;
            }
            JsonNode event = json.readTree(body);
            verified.incrementAndGet();
            perSubject.computeIfAbsent(event.path("subject").asString(""), s -> new AtomicLong()).incrementAndGet();
            try {
                long micros = TimeUnit.NANOSECONDS.toMicros(java.time.Duration.between(
                        Instant.parse(event.path("time").asString()), arrived).toNanos());
                endToEnd.recordValue(Math.max(0, Math.min(micros, TimeUnit.MINUTES.toMicros(10))));
            } catch (RuntimeException unreadableTime) {
                // counted, not timed
            }
        }
    }

    private boolean signedCorrectly(String id, String timestamp, byte[] body, String signatures) {
        byte[] secret = key;
        if (secret == null) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = Base64.getEncoder().encode(mac.doFinal(body));
            for (String signature : signatures.split(" ")) {
                if (signature.startsWith("v1,") && MessageDigest.isEqual(expected,
                        signature.substring(3).getBytes(StandardCharsets.US_ASCII))) {
                    return true;
                }
            }
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
