package io.pulsecrm.notification.preferences;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

/** Addresses that bounced ({@link AddressBounce}): recorded by the email job, read before every send. */
@Service
public class Bounces {

    private static final int MAX_REASON = 300;

    private final MongoTemplate mongo;
    private final Clock clock;

    Bounces(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    public Optional<AddressBounce> of(String address) {
        return address == null ? Optional.empty() : Optional.ofNullable(mongo.findById(key(address), AddressBounce.class));
    }

    /** Records (or refreshes) a permanent failure for the address. */
    public AddressBounce record(String address, String userId, int code, String reason, String emailId) {
        String text = reason == null ? "" : reason.strip();
        AddressBounce bounce = new AddressBounce(key(address), userId, code,
                text.length() > MAX_REASON ? text.substring(0, MAX_REASON) : text,
                clock.instant().truncatedTo(ChronoUnit.MILLIS), emailId);
        mongo.save(bounce);
        return bounce;
    }

    /** @return whether there was a bounce to clear */
    public boolean clear(String address) {
        return address != null && mongo.remove(Query.query(Criteria.where("_id").is(key(address))), AddressBounce.class)
                .getDeletedCount() > 0;
    }

    static String key(String address) {
        return address.strip().toLowerCase(Locale.ROOT);
    }
}
