package io.pulsecrm.bench.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

/** The bench's webhook receiver counts only correctly signed deliveries, once per webhook-id. */
class SignedDeliveryReceiverTest {

    private static final byte[] KEY = "a-32-byte-key-for-the-bench-test".getBytes(StandardCharsets.US_ASCII);
    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(KEY);

    @Test
    void countsVerifiedDeliveriesPerSubjectOnceAndRejectsBadSignatures() throws Exception {
        try (SignedDeliveryReceiver receiver = SignedDeliveryReceiver.start();
             HttpClient http = HttpClient.newHttpClient()) {
            receiver.secret(SECRET);
            String body = "{\"id\":\"e1\",\"subject\":\"batch-1\",\"time\":\"2026-11-22T10:00:00Z\"}";

            assertThat(deliver(http, receiver, "msg_1", body, sign("msg_1", "1700000000", body, KEY))).isEqualTo(204);
            // the same webhook-id again (a retry): answered, not counted twice
            assertThat(deliver(http, receiver, "msg_1", body, sign("msg_1", "1700000000", body, KEY))).isEqualTo(204);
            // several signatures (a secret rotation): any one matching is enough
            assertThat(deliver(http, receiver, "msg_2", body, "v1,bm9wZQ== " + sign("msg_2", "1700000000", body, KEY)))
                    .isEqualTo(204);
            // a wrong key, or a body changed after signing
            assertThat(deliver(http, receiver, "msg_3", body, sign("msg_3", "1700000000", body,
                    "another-32-byte-key-not-the-one!".getBytes(StandardCharsets.US_ASCII)))).isEqualTo(401);
            assertThat(deliver(http, receiver, "msg_4", body.replace("batch-1", "batch-2"),
                    sign("msg_4", "1700000000", body, KEY))).isEqualTo(401);

            assertThat(receiver.delivered("batch-1")).isEqualTo(2);
            assertThat(receiver.delivered("batch-2")).isZero();
            assertThat(receiver.verified()).isEqualTo(2);
            assertThat(receiver.duplicates()).isEqualTo(1);
            assertThat(receiver.badSignatures()).isEqualTo(2);
            assertThat(receiver.takeLatencies().getTotalCount()).isEqualTo(2);
        }
    }

    private static int deliver(HttpClient http, SignedDeliveryReceiver receiver, String id, String body, String signature)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(receiver.url()))
                .header("webhook-id", id).header("webhook-timestamp", "1700000000").header("webhook-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String sign(String id, String timestamp, String body, byte[] key) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal((id + "." + timestamp + "." + body)
                .getBytes(StandardCharsets.UTF_8)));
    }
}
