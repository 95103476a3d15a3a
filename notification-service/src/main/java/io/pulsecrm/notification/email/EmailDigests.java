package io.pulsecrm.notification.email;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulsecrm.notification.NotificationsProperties;
import io.pulsecrm.notification.inbox.NotificationDraft;
import io.pulsecrm.notification.preferences.Channel;
import io.pulsecrm.notification.preferences.EffectivePreferences;
import io.pulsecrm.notification.preferences.Preferences;
import io.pulsecrm.notification.unsubscribe.UnsubscribeTokens;
import jakarta.annotation.PostConstruct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Daily digests ({@link EmailDigest}): collects the items of the types a user has in their digest, and when a
 * digest is due turns it into one queued email (sent by the {@link EmailJob} like any other: retries, bounces and
 * quiet hours apply). Durable (everything is in the store) and once per digest with any number of replicas: the
 * closing job runs on one replica at a time (lease {@code email-digests}), and each digest is additionally claimed
 * on its document, its email id derived from the digest.
 */
@Service
public class EmailDigests {

    private static final Logger log = LoggerFactory.getLogger(EmailDigests.class);
    static final String JOB_NAME = "email-digests";
    private static final int MAX_HOPS = 5;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

    private final MongoTemplate mongo;
    private final Preferences preferences;
    private final EmailTemplates templates;
    private final UnsubscribeTokens unsubscribe;
    private final NotificationsProperties.Email properties;
    private final Clock clock;
    private final MeterRegistry meters;

    EmailDigests(MongoTemplate mongo, Preferences preferences, EmailTemplates templates, UnsubscribeTokens unsubscribe,
                 NotificationsProperties properties, Clock clock, MeterRegistry meters) {
        this.mongo = mongo;
        this.preferences = preferences;
        this.templates = templates;
        this.unsubscribe = unsubscribe;
        this.properties = properties.email();
        this.clock = clock;
        this.meters = meters;
    }

    @PostConstruct
    void createIndexes() {
        mongo.indexOps(EmailDigest.COLLECTION).createIndex(new Index().on("status", Sort.Direction.ASC)
                .on("dueAt", Sort.Direction.ASC).named("due"));
    }

    /**
     * Adds what happened to the recipient's next digest (the first one due after now), once per (event, recipient,
     * type). An item that comes while that digest is being closed goes into the following day's.
     */
    public void add(String eventId, NotificationDraft draft, EffectivePreferences recipient) {
        Instant now = now();
        ZoneId zone = recipient.zone();
        String[] rendered = templates.render(draft);
        EmailDigest.Item item = new EmailDigest.Item(EmailDigest.itemIdFor(eventId, draft.userId(), draft.type()),
                draft.type(), draft.title() == null || draft.title().isBlank() ? rendered[0] : draft.title(),
                draft.body() == null ? "" : draft.body(), templates.link(draft), now);
        ZonedDateTime due = recipient.digest().nextAfter(now, zone);
        for (int hop = 0; hop < MAX_HOPS; hop++) {
            String id = EmailDigest.idFor(draft.userId(), due.toLocalDate());
            Query open = Query.query(Criteria.where("_id").is(id).and("status").is(EmailDigest.OPEN)
                    .and("items.id").ne(item.id()).and("itemCount").lt(properties.digest().maxItems()));
            Update add = new Update()
                    .setOnInsert("userId", draft.userId())
                    .setOnInsert("date", due.toLocalDate().toString())
                    .setOnInsert("timeZone", zone.getId())
                    .setOnInsert("dueAt", due.toInstant())
                    .setOnInsert("overflow", 0)
                    .setOnInsert("leaseUntil", Instant.EPOCH)
                    .setOnInsert("createdAt", now)
                    .push("items", item)
                    .inc("itemCount", 1);
            try {
                mongo.upsert(open, add, EmailDigest.class);
                return;
            } catch (DuplicateKeyException exists) {
                EmailDigest digest = mongo.findById(id, EmailDigest.class);
                if (digest == null || digest.holds(item.id())) {
                    return; // listed already (a redelivered event)
                }
                if (!digest.isOpen()) {
                    // closed while we computed it: the item belongs to the next one
                    due = recipient.digest().nextAfter(digest.dueAt(), zone);
                    continue;
                }
                if (digest.itemCount() >= properties.digest().maxItems()) {
                    mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and("status").is(EmailDigest.OPEN)),
                            new Update().inc("overflow", 1), EmailDigest.class);
                    return;
                }
                // created by a concurrent add in between: try again
            }
        }
        log.warn("Could not add {} to a digest of {} after {} attempts", item.id(), draft.userId(), MAX_HOPS);
    }

    /** One pass: closes every due digest into a queued email; returns how many were closed. */
    public int closeDue() {
        int closed = 0;
        for (EmailDigest digest = claimNext(); digest != null; digest = claimNext()) {
            try {
                close(digest);
                closed++;
            } catch (RuntimeException e) {
                // the claim expires and the next pass (here or on another replica) closes it
                log.warn("Closing digest {} failed: {}", digest.id(), e.toString());
            }
        }
        return closed;
    }

    /** Claims one due digest (or one whose closing replica died) on its document. */
    private EmailDigest claimNext() {
        Instant now = now();
        Query due = Query.query(Criteria.where("status").in(EmailDigest.OPEN, EmailDigest.CLOSING)
                .and("dueAt").lte(now).and("leaseUntil").lte(now)).with(Sort.by("dueAt"));
        return mongo.findAndModify(due, new Update().set("status", EmailDigest.CLOSING)
                        .set("leaseUntil", now.plus(properties.digest().lease())),
                FindAndModifyOptions.options().returnNew(true), EmailDigest.class);
    }

    private void close(EmailDigest digest) {
        EffectivePreferences recipient = preferences.of(digest.userId());
        List<EmailDigest.Item> items = digest.itemsStillWanted(type -> recipient.wants(type, Channel.EMAIL));
        Query claimed = Query.query(Criteria.where("_id").is(digest.id()).and("status").is(EmailDigest.CLOSING));
        if (items.isEmpty() || recipient.email() == null) {
            mongo.updateFirst(claimed, new Update().set("status", EmailDigest.CANCELLED).set("closedAt", now()),
                    EmailDigest.class);
            return;
        }
        String userName = templates.userName(digest.userId());
        ZoneId zone = ZoneId.of(digest.timeZone());
        int count = items.size() + digest.overflow();
        String date = LocalDate.parse(digest.date()).toString();
        StringBuilder list = new StringBuilder();
        for (EmailDigest.Item item : items) {
            list.append(EmailTemplates.merge(properties.digest().item(), field -> switch (field) {
                case "title" -> item.title();
                case "body" -> item.body();
                case "type" -> item.type();
                case "link" -> item.link();
                case "time" -> TIME.format(item.at().atZone(zone));
                default -> "";
            }));
        }
        String more = digest.overflow() > 0 ? "... and " + digest.overflow() + " more in your inbox: "
                + properties.appUrl() + "/notifications\n" : "";
        String subject = EmailTemplates.oneLine(EmailTemplates.merge(properties.digest().subject(), field -> switch (field) {
            case "count" -> Integer.toString(count);
            case "date" -> date;
            case "userName" -> userName;
            default -> "";
        }));
        String unsubscribeUrl = unsubscribe.urlFor(digest.userId(), Preferences.DIGEST_SCOPE);
        String body = EmailTemplates.merge(properties.digest().body(), field -> switch (field) {
            case "items" -> list.toString();
            case "count" -> Integer.toString(count);
            case "date" -> date;
            case "userName" -> userName;
            case "more" -> more;
            default -> "";
        }) + templates.footer(unsubscribeUrl);
        Instant now = now();
        String emailId = digest.emailIdFor();
        try {
            mongo.insert(new EmailMessage(emailId, digest.userId(), recipient.email(), EmailMessage.DIGEST, subject,
                    body, digest.id(), EmailMessage.PENDING, 0, null, now, now, now, null, null, unsubscribeUrl, null));
        } catch (DuplicateKeyException e) {
            // queued by an earlier claim that died before recording it
        }
        mongo.updateFirst(claimed, new Update().set("status", EmailDigest.QUEUED).set("closedAt", now)
                .set("emailId", emailId), EmailDigest.class);
        meters.counter("pulse.notifications.digests.queued").increment();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
