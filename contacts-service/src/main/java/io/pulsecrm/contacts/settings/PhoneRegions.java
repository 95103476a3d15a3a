package io.pulsecrm.contacts.settings;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.pulsecrm.contacts.contacts.ContactsProperties;
import io.pulsecrm.platform.web.InvalidRequestException;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The organisation's default phone region: the ISO 3166 region assumed for a phone number written without a country
 * code ({@code 8 (495) 123-45-67} in Russia), set by an admin and kept in the service's store (so every replica
 * reads the same), else {@code pulse.contacts.default-phone-region}. An import may choose another for its rows, and a
 * row's own country comes first.
 */
@Component
public class PhoneRegions {

    static final String COLLECTION = "settings";
    static final String ID = "phone-region";

    private final MongoTemplate mongo;
    private final ContactsProperties properties;
    private final Clock clock;
    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();

    PhoneRegions(MongoTemplate mongo, ContactsProperties properties, Clock clock) {
        this.mongo = mongo;
        this.properties = properties;
        this.clock = clock;
    }

    /** The organisation's default region (one read by id). */
    public String organisationDefault() {
        Document setting = mongo.findById(ID, Document.class, COLLECTION);
        return setting == null ? properties.defaultPhoneRegion() : setting.getString("region");
    }

    /** Whether the default is the admin's setting (rather than the configured one). */
    boolean isSet() {
        return mongo.findById(ID, Document.class, COLLECTION) != null;
    }

    void set(String region, String actor) {
        mongo.upsert(Query.query(Criteria.where("_id").is(ID)),
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
