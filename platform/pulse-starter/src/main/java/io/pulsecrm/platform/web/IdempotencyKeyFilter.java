package io.pulsecrm.platform.web;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import io.pulsecrm.platform.events.Ids;
import io.pulsecrm.platform.identity.Caller;
import io.pulsecrm.platform.security.CurrentCaller;
import org.bson.Document;
import org.bson.types.Binary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Implements the {@code Idempotency-Key} header for POST requests: the first response to a key is stored,
 * and a retry with the same key and the same request gets that response again instead of a second effect.
 * A key reused for a different request is refused with 422; a retry while the first is still running, 409.
 * Server errors are not stored, so a retry after a 5xx runs again. Keys are stored in the service's own
 * database, so every replica sees them.
 *
 * <p>An attempt that ended in a server error releases its key for a retry; one whose replica died before answering
 * leaves it claimed ("in flight"), and once the claim is older than {@code pulse.web.idempotency-claim-timeout}, a
 * retry takes it over. Either way the retry runs the request again, and every attempt runs with the ids derived from
 * the key and the time of its first attempt ({@link Ids#deriveFrom}): the retry creates the records the earlier
 * attempt created under the same ids, so where that attempt got as far as storing one, {@code AggregateStore} finds it
 * there instead of creating a second one, and the retry answers for both.
 */
public class IdempotencyKeyFilter extends OncePerRequestFilter {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    static final String COLLECTION = "idempotency_keys";
    /** When the current attempt claimed the key: the first one, or a retry that took over an abandoned claim. */
    private static final String CLAIMED_AT = "claimedAt";
    private static final String IN_FLIGHT = "in-flight";
    /** Its attempt ended in a server error: the next retry runs the request again. */
    private static final String RELEASED = "released";
    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyFilter.class);
    private static final Set<String> REPLAYED_HEADERS = Set.of(HttpHeaders.LOCATION, HttpHeaders.ETAG,
            HttpHeaders.CONTENT_TYPE);

    private final MongoTemplate mongo;
    private final WebProperties properties;
    private final Clock clock;
    private volatile boolean indexed;

    public IdempotencyKeyFilter(MongoTemplate mongo, WebProperties properties, Clock clock) {
        this.mongo = mongo;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        if (key.isBlank() || key.length() > properties.idempotencyKeyMaxLength()) {
            Problems.write(request, response, Problems.of(HttpStatus.BAD_REQUEST, "invalid-idempotency-key",
                    "Invalid Idempotency-Key", "Idempotency-Key must be 1 to "
                            + properties.idempotencyKeyMaxLength() + " characters"));
            return;
        }
        byte[] body;
        try {
            body = request.getInputStream().readAllBytes();
        } catch (RequestBodyLimitFilter.PayloadTooLargeException e) {
            Problems.write(request, response, RequestBodyLimitFilter.tooLarge(e.maxBytes()));
            return;
        }
        // keys are per caller: two partners choosing the same key must not see each other's responses
        String caller = CurrentCaller.find().map(Caller::actor).orElse("anonymous");
        String scope = caller + " " + request.getMethod() + " " + request.getRequestURI() + " " + key;
        String id = sha256(scope.getBytes(StandardCharsets.UTF_8));
        String fingerprint = sha256(concat(scope.getBytes(StandardCharsets.UTF_8), body));
        MongoCollection<Document> keys = keys();

        Date now = Date.from(clock.instant());
        Document claim = new Document("_id", id)
                .append("fingerprint", fingerprint)
                .append("state", IN_FLIGHT)
                .append("createdAt", now)
                .append(CLAIMED_AT, now);
        try {
            keys.insertOne(claim);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            Document earlier = keys.find(eq("_id", id)).first();
            claim = retryOf(keys, earlier, fingerprint);
            if (claim == null) {
                answerFromEarlierRequest(request, response, earlier, fingerprint);
                return;
            }
        }

        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        boolean stored = false;
        try (Ids.Scope ids = Ids.deriveFrom(id, claim.getDate("createdAt").getTime())) {
            chain.doFilter(new ReplayableBodyRequest(request, body), captured);
            if (captured.getStatus() < 500) {
                store(keys, id, captured);
                stored = true;
            }
        } finally {
            if (!stored) {
                release(keys, id);
            }
            captured.copyBodyToResponse();
        }
    }

    /**
     * The claim of an earlier attempt of this request, now this attempt's: one that ended in a server error (released),
     * or one that died unanswered (in flight for longer than the claim timeout). {@code null} when the earlier attempt
     * is done, may still be running, was another request, or another retry took it first.
     */
    private Document retryOf(MongoCollection<Document> keys, Document earlier, String fingerprint) {
        if (earlier == null || !fingerprint.equals(earlier.getString("fingerprint"))) {
            return null;
        }
        String state = earlier.getString("state");
        if (RELEASED.equals(state)) {
            return keys.findOneAndUpdate(and(eq("_id", earlier.get("_id")), eq("state", RELEASED)),
                    new Document("$set", new Document("state", IN_FLIGHT).append(CLAIMED_AT, Date.from(clock.instant()))),
                    new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        }
        if (!IN_FLIGHT.equals(state)) {
            return null;
        }
        Date claimedAt = earlier.getDate(CLAIMED_AT) != null ? earlier.getDate(CLAIMED_AT) : earlier.getDate("createdAt");
        if (claimedAt.toInstant().plus(properties.idempotencyClaimTimeout()).isAfter(clock.instant())) {
            return null;
        }
        Document taken = keys.findOneAndUpdate(
                and(eq("_id", earlier.get("_id")), eq("state", IN_FLIGHT), eq(CLAIMED_AT, earlier.get(CLAIMED_AT))),
                new Document("$set", new Document(CLAIMED_AT, Date.from(clock.instant()))),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        if (taken != null) {
            log.warn("Idempotency-Key claim {} abandoned since {} taken over: the request runs again", earlier.get("_id"),
                    claimedAt.toInstant());
        }
        return taken;
    }

    /**
     * Frees the key for a retry, keeping the time of the first attempt (the ids' seed); if even that fails (the store is
     * down), the claim stays in flight and a retry takes it over after the claim timeout.
     */
    private static void release(MongoCollection<Document> keys, String id) {
        try {
            keys.updateOne(and(eq("_id", id), eq("state", IN_FLIGHT)), new Document("$set", new Document("state", RELEASED)));
        } catch (RuntimeException e) {
            log.warn("Could not release Idempotency-Key claim {} ({}); a retry takes it over after the claim timeout",
                    id, e.toString());
        }
    }

    private void answerFromEarlierRequest(HttpServletRequest request, HttpServletResponse response, Document earlier,
                                          String fingerprint) throws IOException {
        if (earlier == null) {
            Problems.write(request, response, Problems.of(HttpStatus.CONFLICT, "idempotency-key-in-flight",
                    "Request in progress", "A request with this Idempotency-Key is being processed; retry shortly"));
            return;
        }
        if (!fingerprint.equals(earlier.getString("fingerprint"))) {
            Problems.write(request, response, Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
                    "Idempotency-Key reused", "This Idempotency-Key was already used for a different request"));
            return;
        }
        if (!"done".equals(earlier.getString("state"))) {
            Problems.write(request, response, Problems.of(HttpStatus.CONFLICT, "idempotency-key-in-flight",
                    "Request in progress", "A request with this Idempotency-Key is being processed; retry shortly"));
            return;
        }
        response.setStatus(earlier.getInteger("status"));
        Document headers = earlier.get("headers", Document.class);
        headers.forEach((name, values) -> {
            for (Object value : (List<?>) values) {
                response.addHeader(name, value.toString());
            }
        });
        response.setHeader(REPLAYED_HEADER, "true");
        response.getOutputStream().write(earlier.get("body", Binary.class).getData());
    }

    private void store(MongoCollection<Document> keys, String id, ContentCachingResponseWrapper response) {
        Document headers = new Document();
        for (String name : REPLAYED_HEADERS) {
            var values = response.getHeaders(name);
            if (!values.isEmpty()) {
                headers.append(name, List.copyOf(values));
            }
        }
        keys.updateOne(eq("_id", id), new Document("$set", new Document("state", "done")
                .append("status", response.getStatus())
                .append("headers", headers)
                .append("body", new Binary(response.getContentAsByteArray()))));
    }

    private MongoCollection<Document> keys() {
        MongoCollection<Document> keys = mongo.getCollection(COLLECTION);
        if (!indexed) {
            // MongoDB expires old keys itself; stores without TTL support keep them, which is harmless
            keys.createIndex(Indexes.ascending("createdAt"), new IndexOptions()
                    .expireAfter(properties.idempotencyKeyTtl().toSeconds(), TimeUnit.SECONDS));
            indexed = true;
        }
        return keys;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = new byte[a.length + 1 + b.length];
        System.arraycopy(a, 0, joined, 0, a.length);
        System.arraycopy(b, 0, joined, a.length + 1, b.length);
        return joined;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The body was read to fingerprint it; this hands the same bytes to the controller. */
    private static final class ReplayableBodyRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        ReplayableBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous body");
                }
            };
        }

        @Override
        public java.io.BufferedReader getReader() {
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
    }
}
