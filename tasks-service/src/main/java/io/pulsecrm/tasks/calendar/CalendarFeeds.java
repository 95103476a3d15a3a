package io.pulsecrm.tasks.calendar;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.Optional;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The secret calendar-feed token of each user. Only a hash of the token is stored, so the database alone does not
 * give access to anybody's feed; issuing a new token (rotation) makes the previous URL stop working at once.
 */
@Component
public class CalendarFeeds {

    public static final String COLLECTION = "calendar_feeds";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MongoTemplate mongo;
    private final Clock clock;

    CalendarFeeds(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    /** Issues a new token for the user (replacing any previous one) and returns it; it is shown only now. */
    String issue(String userId) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        mongo.getCollection(COLLECTION).replaceOne(Filters.eq("_id", userId),
                new Document("_id", userId).append("tokenHash", hash(token)).append("issuedAt", Date.from(clock.instant())),
                new ReplaceOptions().upsert(true));
        return token;
    }

    /** The user whose feed this token opens. */
    Optional<String> userOf(String token) {
        if (token == null || token.length() != 43) {
            return Optional.empty();
        }
        Document feed = mongo.getCollection(COLLECTION).find(Filters.eq("tokenHash", hash(token))).first();
        return Optional.ofNullable(feed).map(document -> document.getString("_id"));
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
