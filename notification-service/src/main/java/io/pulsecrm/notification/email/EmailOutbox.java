package io.pulsecrm.notification.email;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import io.pulsecrm.notification.inbox.NotificationDraft;
import io.pulsecrm.notification.preferences.EffectivePreferences;
import io.pulsecrm.notification.preferences.PreferencesChanged;
import io.pulsecrm.notification.preferences.QuietHours;
import io.pulsecrm.notification.unsubscribe.UnsubscribeTokens;
import io.pulsecrm.platform.events.EventEnvelope;
import jakarta.annotation.PostConstruct;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Emails a notification as the recipient's preferences say: not at all, as one email of its own (queued once per
 * event, recipient and type, for the {@link EmailJob}; due when the recipient's quiet hours end if they are on now),
 * or as an item of their daily digest ({@link EmailDigests}).
 */
@Service
public class EmailOutbox {

    private final MongoTemplate mongo;
    private final EmailTemplates templates;
    private final EmailDigests digests;
    private final UnsubscribeTokens unsubscribe;
    private final Clock clock;

    EmailOutbox(MongoTemplate mongo, EmailTemplates templates, EmailDigests digests, UnsubscribeTokens unsubscribe,
                Clock clock) {
        this.mongo = mongo;
        this.templates = templates;
        this.digests = digests;
        this.unsubscribe = unsubscribe;
        this.clock = clock;
    }

    @PostConstruct
    void createIndexes() {
        var indexes = mongo.indexOps(EmailMessage.COLLECTION);
        indexes.createIndex(new Index().on("status", Sort.Direction.ASC).on("nextAttemptAt", Sort.Direction.ASC)
                .named("due"));
        indexes.createIndex(new Index().on("userId", Sort.Direction.ASC).on("status", Sort.Direction.ASC)
                .named("user_status"));
    }

    /** Emails the notification to the recipient, as far as and in the way their preferences want. */
    public void enqueue(EventEnvelope cause, NotificationDraft draft, EffectivePreferences recipient) {
        switch (recipient.emailDelivery(draft.type())) {
            case OFF -> { }
            case DIGEST -> digests.add(cause.id(), draft, recipient);
            case IMMEDIATE -> queue(cause.id(), draft, recipient);
        }
    }

    private void queue(String causeId, NotificationDraft draft, EffectivePreferences recipient) {
        String[] rendered = templates.render(draft);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        QuietHours quiet = recipient.quietHours();
        Instant heldUntil = quiet == null ? null
                : quiet.endOfWindowAt(now, recipient.zone()).map(end -> end.truncatedTo(ChronoUnit.MILLIS)).orElse(null);
        String unsubscribeUrl = unsubscribe.urlFor(draft.userId(), draft.type());
        String id = UUID.nameUUIDFromBytes(("email|" + causeId + "|" + draft.userId() + "|" + draft.type())
                .getBytes(StandardCharsets.UTF_8)).toString();
        try {
            mongo.insert(new EmailMessage(id, draft.userId(), recipient.email(), draft.type(), rendered[0],
                    rendered[1] + templates.footer(unsubscribeUrl), causeId, EmailMessage.PENDING, 0, null,
                    heldUntil == null ? now : heldUntil, now, now, null, heldUntil, unsubscribeUrl, null));
        } catch (DuplicateKeyException e) {
            // queued by an earlier, interrupted attempt at this event
        }
    }

    /**
     * The user changed their preferences (quiet hours, channels, address): emails held for their quiet hours are due
     * now, and the email job looks at them again with the new settings (holding them again if need be).
     */
    @EventListener
    void onPreferencesChanged(PreferencesChanged changed) {
        mongo.updateMulti(Query.query(Criteria.where("userId").is(changed.userId()).and("status").is(EmailMessage.PENDING)
                        .and("heldUntil").ne(null)),
                new Update().set("nextAttemptAt", clock.instant().truncatedTo(ChronoUnit.MILLIS)).unset("heldUntil"),
                EmailMessage.class);
    }
}
