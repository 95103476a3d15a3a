package io.pulsecrm.contacts.settings;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.pulsecrm.contacts.contacts.ContactsProperties;
import io.pulsecrm.platform.identity.Caller;
import io.pulsecrm.platform.security.CurrentCaller;
import io.pulsecrm.platform.web.InvalidRequestException;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Default phone regions: the ISO 3166 region assumed for a phone number written without a country code
 * ({@code 8 (495) 123-45-67} in Russia). A person may choose their own (a rep in Sofia of a Moscow organisation); else
 * the organisation's, set by an admin; else {@code pulse.contacts.default-phone-region}. Both choices are kept in the
 * service's store, so every replica reads the same. An import may choose another for its rows, and a row's own
 * country comes first.
 */
@Component
public class PhoneRegions {

    static final String COLLECTION = "settings";
    static final String ID = "phone-region";
    private static final String PERSONAL_PREFIX = ID + ":user:";

    /** A default region and where it comes from: {@code user}, {@code setting} (the organisation's) or {@code configuration}. */
    public record Effective(String region, String source) {
    }

    private final MongoTemplate mongo;
    private final ContactsProperties properties;
    private final Clock clock;
    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();

    PhoneRegions(MongoTemplate mongo, ContactsProperties properties, Clock clock) {
        this.mongo = mongo;
        this.properties = properties;
        this.clock = clock;
    }

    void set(String region, String actor) {
        save(ID, region, actor);
    }

    /**
     * The region a person's numbers default to: their own choice, else the organisation's, else the configured one; one
     * store command by {@code _id} for both choices. Without a person (a public lead form, a partner client) the
     * organisation's.
     */
    public Effective defaultFor(String userId) {
        if (userId == null) {
            Document organisation = mongo.findById(ID, Document.class, COLLECTION);
            return organisation == null ? new Effective(properties.defaultPhoneRegion(), "configuration")
                    : new Effective(organisation.getString("region"), "setting");
        }
        String personalId = PERSONAL_PREFIX + userId;
        Document personal = null;
        Document organisation = null;
        for (Document found : mongo.find(Query.query(Criteria.where("_id").in(personalId, ID)), Document.class, COLLECTION)) {
            if (personalId.equals(found.getString("_id"))) {
                personal = found;
            } else {
                organisation = found;
            }
        }
        if (personal != null) {
            return new Effective(personal.getString("region"), "user");
        }
        return organisation == null ? new Effective(properties.defaultPhoneRegion(), "configuration")
                : new Effective(organisation.getString("region"), "setting");
    }

    /** The default region of whoever is calling (a person's own choice first). */
    public String callersDefault() {
        return defaultFor(CurrentCaller.find().filter(Caller::isUser).map(Caller::id).orElse(null)).region();
    }

    void setPersonal(String userId, String region) {
        save(PERSONAL_PREFIX + userId, region, userId);
    }

    void clearPersonal(String userId) {
        mongo.remove(Query.query(Criteria.where("_id").is(PERSONAL_PREFIX + userId)), COLLECTION);
    }

    private void save(String id, String region, String actor) {
        mongo.upsert(Query.query(Criteria.where("_id").is(id)),
                new Update().set("region", region).set("updatedBy", actor).set("updatedAt", Instant.now(clock)), COLLECTION);
    }

    /** A region as entered, upper-cased, if phone numbers of it can be read; otherwise a problem on {@code field}. */
    public String checked(String region, String field) {
        String code = region == null ? "" : region.strip().toUpperCase(Locale.ROOT);
        if (!phones.getSupportedRegions().contains(code)) {
            throw InvalidRequestException.field(field, "must be an ISO 3166-1 alpha-2 region with a telephone numbering plan,"
                    + " such as RU, BG, GE or DE");
        }
        return code;
    }

    /** Whether phone numbers of a region can be read (a row's country that is not one is not used). */
    public boolean supported(String region) {
        return region != null && phones.getSupportedRegions().contains(region);
    }
}
