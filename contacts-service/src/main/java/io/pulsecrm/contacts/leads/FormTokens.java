package io.pulsecrm.contacts.leads;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Form tokens: when the page with a form is rendered, it fetches a token ({@code GET
 * /api/public/lead-forms/{id}/form-token}) that says, signed by the service, when that was; the submission carries it
 * back. A submission sooner than the minimum fill time after rendering was typed by no human, a token older than the
 * maximum age was harvested and kept, a token used before is a replay, and a forged or missing one proves nothing:
 * all spam.
 * <p>
 * Format {@code v1.<issued epoch millis>.<nonce>.<HMAC-SHA256>}; the MAC covers the form id, the time and the nonce,
 * keyed with the form's own secret ({@link LeadForm#tokenSecret()}, kept in the store: every replica verifies what any
 * replica issued, and the form key, which is public in the web page, signs nothing). Used nonces are recorded in
 * {@code lead_form_tokens_used} until the token would have expired anyway.
 */
@Component
class FormTokens {

    static final String USED = "lead_form_tokens_used";
    private static final String VERSION = "v1";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Clocks of replicas differ a little: a token "from the future" by less than this is fine. */
    private static final Duration SKEW = Duration.ofSeconds(5);

    /** What a submission's token says; anything but {@code VALID} makes it spam. */
    enum Check {
        VALID, MISSING, INVALID, TOO_FAST, EXPIRED, REPLAYED;

        String reason() {
            return switch (this) {
                case MISSING -> "missing_token";
                case INVALID -> "invalid_token";
                case TOO_FAST -> "too_fast";
                case EXPIRED -> "expired_token";
                case REPLAYED -> "replayed_token";
                case VALID -> "none";
            };
        }
    }

    /** A token and the times between which a submission carrying it is accepted. */
    record Issued(String token, Instant notBefore, Instant expiresAt) {
    }

    private final MongoTemplate mongo;
    private final LeadIntakeProperties.Spam spam;
    private final Clock clock;

    FormTokens(MongoTemplate mongo, LeadIntakeProperties properties, Clock clock) {
        this.mongo = mongo;
        this.spam = properties.spam();
        this.clock = clock;
    }

    static String newSecret() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return Base64.getEncoder().encodeToString(secret);
    }

    Issued issue(LeadForm form) {
        return issue(form, clock.instant());
    }

    /** A token as if the form had been rendered at {@code renderedAt}. */
    Issued issue(LeadForm form, Instant renderedAt) {
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        String payload = VERSION + "." + renderedAt.toEpochMilli() + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
        String token = payload + "." + mac(secretOf(form), form.id(), payload);
        return new Issued(token, renderedAt.plus(spam.minFillTime()), renderedAt.plus(spam.formTokenMaxAge()));
    }

    /** Checks a submitted token, without using it up ({@link #use}). */
    Check check(LeadForm form, String token) {
        if (token == null || token.isBlank()) {
            return Check.MISSING;
        }
        String[] parts = token.strip().split("\\.");
        if (parts.length != 4 || !VERSION.equals(parts[0]) || parts[3].length() > 64 || form.tokenSecret() == null) {
            return Check.INVALID;
        }
        String payload = parts[0] + "." + parts[1] + "." + parts[2];
        if (!MessageDigest.isEqual(mac(form.tokenSecret(), form.id(), payload).getBytes(StandardCharsets.US_ASCII),
                parts[3].getBytes(StandardCharsets.US_ASCII))) {
            return Check.INVALID;
        }
        Instant renderedAt;
        try {
            renderedAt = Instant.ofEpochMilli(Long.parseLong(parts[1]));
        } catch (NumberFormatException e) {
            return Check.INVALID;
        }
        Instant now = clock.instant();
        if (renderedAt.isAfter(now.plus(SKEW))) {
            return Check.INVALID;
        }
        if (now.isBefore(renderedAt.plus(spam.minFillTime()))) {
            return Check.TOO_FAST;
        }
        Instant expiresAt = renderedAt.plus(spam.formTokenMaxAge());
        if (now.isAfter(expiresAt)) {
            return Check.EXPIRED;
        }
        return mongo.findById(form.id() + ":" + parts[2], Document.class, USED) != null ? Check.REPLAYED : Check.VALID;
    }

    /**
     * Uses up a token {@link #check} found valid, atomically: of two submissions with the same token (on any replicas)
     * one gets {@code VALID}, the other {@code REPLAYED}. A submission refused as invalid (400) does not use its
     * token, so the person can correct it and send it again.
     */
    Check use(LeadForm form, String token) {
        String[] parts = token.strip().split("\\.");
        Instant expiresAt = Instant.ofEpochMilli(Long.parseLong(parts[1])).plus(spam.formTokenMaxAge());
        try {
            mongo.insert(new Document("_id", form.id() + ":" + parts[2]).append("expiresAt", Date.from(expiresAt)), USED);
            return Check.VALID;
        } catch (DuplicateKeyException usedBefore) {
            return Check.REPLAYED;
        }
    }

    /** The form's secret; forms from before form tokens get one now (the first replica to set it wins). */
    private String secretOf(LeadForm form) {
        if (form.tokenSecret() != null) {
            return form.tokenSecret();
        }
        mongo.findAndModify(Query.query(Criteria.where("_id").is(form.id()).and("tokenSecret").exists(false)),
                Update.update("tokenSecret", newSecret()), FindAndModifyOptions.options().returnNew(true), LeadForm.class);
        LeadForm current = mongo.findById(form.id(), LeadForm.class);
        if (current == null || current.tokenSecret() == null) {
            throw new IllegalStateException("Lead form " + form.id() + " has no token secret");
        }
        return current.tokenSecret();
    }

    private static String mac(String secret, String formId, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret), "HmacSHA256"));
            byte[] digest = mac.doFinal((formId + "." + payload).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
