package io.pulsecrm.notification.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signing: secrets are {@code whsec_} + base64 of 24–64 random bytes; the signature is
 * {@code v1,} + base64(HMAC-SHA256(key = decoded secret bytes, webhook-id + "." + webhook-timestamp + "." + body)).
 */
public final class WebhookSigner {

    static final String PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSigner() {
    }

    public static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** @return the key bytes, or null if this is not a valid secret */
    public static byte[] key(String secret) {
        if (secret == null || !secret.startsWith(PREFIX)) {
            return null;
        }
        try {
            byte[] key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
            return key.length >= 24 && key.length <= 64 ? key : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The {@code webhook-signature} value: one {@code v1,<sig>} per secret, space-separated (newest first). */
    public static String signatures(java.util.List<String> secrets, String id, long timestampSeconds, String body) {
        return String.join(" ", secrets.stream().map(secret -> sign(secret, id, timestampSeconds, body)).toList());
    }

    public static String sign(String secret, String id, long timestampSeconds, String body) {
        byte[] key = key(secret);
        if (key == null) {
            throw new IllegalArgumentException("not a webhook secret");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] signature = mac.doFinal((id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
