package io.pulsecrm.contacts.leads;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;

import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Fixed-window counters in the store ({@code lead_intake_windows}): one document per subject (a form, a client address)
 * and window, counted with an atomic {@code $inc} upsert, so every replica counts into the same window and the limit
 * holds however many replicas serve the form. Windows expire by {@code expiresAt} (a TTL index on MongoDB; on a store
 * without TTL the {@link LeadIntakeSweep} deletes them). Client addresses are kept only as hashes.
 */
@Component
class IntakeRateLimiter {

    static final String COLLECTION = "lead_intake_windows";

    /** Over the limit: retry when the window ends. */
    record Verdict(boolean allowed, long retryAfterSeconds) {
    }

    private final MongoTemplate mongo;
    private final LeadIntakeProperties.RateLimit limits;
    private final MeterRegistry meters;
    private final Clock clock;

    IntakeRateLimiter(MongoTemplate mongo, LeadIntakeProperties properties, MeterRegistry meters, Clock clock) {
        this.mongo = mongo;
        this.limits = properties.rateLimit();
        this.meters = meters;
        this.clock = clock;
    }

    /** Counts one submission (or form token) of a client address, for every form. */
    Verdict clientAddress(String purpose, String address) {
        return count(purpose + ":" + sha256(network(address)), limits.perClientIp(), "client_ip");
    }

    /** Counts one submission to a form, from everyone. */
    Verdict form(String formId) {
        return count("form:" + formId, limits.perForm(), "form");
    }

    private Verdict count(String subject, int limit, String kind) {
        Instant now = clock.instant();
        long windowMillis = limits.window().toMillis();
        long start = now.toEpochMilli() / windowMillis * windowMillis;
        Query query = Query.query(Criteria.where("_id").is(subject + "@" + start));
        Update update = new Update().inc("count", 1)
                .setOnInsert("expiresAt", Date.from(Instant.ofEpochMilli(start + 2 * windowMillis)));
        FindAndModifyOptions upsert = FindAndModifyOptions.options().upsert(true).returnNew(true);
        Document window;
        try {
            window = mongo.findAndModify(query, update, upsert, Document.class, COLLECTION);
        } catch (DuplicateKeyException concurrentFirst) {
            // two first requests of a window raced to insert it: the other one did, count into it
            window = mongo.findAndModify(query, update, upsert, Document.class, COLLECTION);
        }
        long count = window == null ? 1 : window.get("count", Number.class).longValue();
        if (count <= limit) {
            return new Verdict(true, 0);
        }
        meters.counter("pulse.contacts.lead.rate_limited", "limit", kind).increment();
        long untilEnd = start + windowMillis - now.toEpochMilli();
        return new Verdict(false, Math.max(1, Duration.ofMillis(untilEnd).toSeconds() + (untilEnd % 1000 == 0 ? 0 : 1)));
    }

    /** IPv4 addresses as they are; IPv6 per /64, the network one host can pick addresses from at will. */
    static String network(String address) {
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress();
            if (bytes.length == 16) {
                for (int i = 8; i < 16; i++) {
                    bytes[i] = 0;
                }
                return InetAddress.getByAddress(bytes).getHostAddress() + "/64";
            }
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            return address;
        }
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
