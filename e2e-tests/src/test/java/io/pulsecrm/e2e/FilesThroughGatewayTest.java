package io.pulsecrm.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.RawHttp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * File uploads through the gateway as a client sends them: a file just under the limit passes whole, one over it gets
 * the service's 413 problem+json, also when the body is refused on its declared length before it is read.
 */
class FilesThroughGatewayTest {

    private static final int LIMIT = 25 * 1024 * 1024;
    private static E2ePlatform platform;

    @BeforeAll
    static void platform() {
        platform = E2ePlatform.shared();
    }

    private static String contact(ApiClient as) {
        Response created = as.post("/api/contacts", "{\"firstName\":\"Gate\",\"lastName\":\"Files" + System.nanoTime() + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private static byte[] pdf(int size) {
        byte[] bytes = new byte[size];
        byte[] head = "%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, bytes, 0, head.length);
        for (int i = head.length; i < size; i++) {
            bytes[i] = (byte) ('a' + i % 26);
        }
        return bytes;
    }

    @Test
    void aFileUpToTheLimitPassesAndALargerOneIsA413Problem() {
        ApiClient ada = platform.as("ada");
        String base = "/api/contacts/" + contact(ada) + "/files";

        Response atLimit = ada.upload(base, "big.pdf", "application/pdf", pdf(LIMIT));
        assertThat(atLimit.status()).as(atLimit.toString()).isEqualTo(201);
        assertThat(atLimit.json().get("size").asLong()).isEqualTo(LIMIT);
        assertThat(ada.download(base + "/" + atLimit.json().get("id").asString() + "/content").body()).hasSize(LIMIT);

        Response over = ada.upload(base, "bigger.pdf", "application/pdf", pdf(LIMIT + 1));
        assertThat(over.status()).as(over.toString()).isEqualTo(413);
        assertThat(over.header("Content-Type")).startsWith("application/problem+json");
        assertThat(over.json().get("maxBytes").asLong()).isEqualTo(LIMIT);

        RawHttp.Reply declared = new RawHttp(URI.create(platform.gatewayUrl())).send("POST", base,
                Map.of("Authorization", "Bearer " + platform.userToken("ada"),
                        "Content-Type", "multipart/form-data; boundary=x"), new byte[27 * 1024 * 1024]);
        assertThat(declared.status()).as(declared.describe()).isEqualTo(413);
        assertThat(declared.header("Content-Type")).startsWith("application/problem+json");
        assertThat(ada.get(base).json().get("items")).hasSize(1);
    }
}
