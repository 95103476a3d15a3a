package io.pulsecrm.notification.email;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import io.pulsecrm.notification.inbox.NotificationDraft;
import io.pulsecrm.platform.events.EventEnvelope;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

/** Queues emails (once per event, recipient and type) for the {@link EmailJob}. */
@Service
public class EmailOutbox {

    private final MongoTemplate mongo;
    private final EmailTemplates templates;
    private final Clock clock;

    EmailOutbox(MongoTemplate mongo, EmailTemplates templates, Clock clock) {
        this.mongo = mongo;
        this.templates = templates;
        this.clock = clock;
    }

    public void enqueue(EventEnvelope cause, NotificationDraft draft, String to) {
        String[] rendered = templates.render(draft);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String id = UUID.nameUUIDFromBytes(("email|" + cause.id() + "|" + draft.userId() + "|" + draft.type())
                .getBytes(StandardCharsets.UTF_8)).toString();
        try {
            mongo.insert(new EmailMessage(id, draft.userId(), to, draft.type(), rendered[0], rendered[1], cause.id(),
                    EmailMessage.PENDING, 0, null, now, now, now, null));
        } catch (DuplicateKeyException e) {
            // queued by an earlier, interrupted attempt at this event
        }
    }
}
