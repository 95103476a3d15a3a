package io.pulsecrm.notification.triggers;

import java.util.List;

import io.pulsecrm.notification.email.EmailOutbox;
import io.pulsecrm.notification.inbox.Inbox;
import io.pulsecrm.notification.inbox.NotificationDraft;
import io.pulsecrm.notification.preferences.Channel;
import io.pulsecrm.notification.preferences.EffectivePreferences;
import io.pulsecrm.notification.preferences.Preferences;
import io.pulsecrm.platform.consumer.IdempotentConsumer;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventJson;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Turns task and deal events into inbox notifications ({@link TriggerRules}; managers and teams from the users
 * directory), exactly once per event: the event is
 * claimed with {@link IdempotentConsumer} and each notification's id is derived from the event id, recipient and
 * type. Each recipient's preferences decide the channels: {@code in_app} stores it in the inbox (and so pushes
 * it), {@code email} emails it when the user has an address (on its own, or in their daily digest; see
 * {@link EmailOutbox}). Consumer group {@code notification-service}
 * (replicas share the partitions).
 */
@Component
class NotificationTriggers {

    static final String CONSUMER = "notification-triggers";
    static final String TASKS_TOPIC = "pulse.tasks.task.v1";
    static final String DEALS_TOPIC = "pulse.deals.deal.v1";

    private final Inbox inbox;
    private final IdempotentConsumer consumer;
    private final Preferences preferences;
    private final EmailOutbox emails;
    private final TriggerRules.Audience audience;

    NotificationTriggers(Inbox inbox, IdempotentConsumer consumer, Preferences preferences, EmailOutbox emails,
                         TriggerRules.Audience audience) {
        this.inbox = inbox;
        this.consumer = consumer;
        this.preferences = preferences;
        this.emails = emails;
        this.audience = audience;
    }

    @KafkaListener(topics = {TASKS_TOPIC, DEALS_TOPIC}, id = "notification-triggers", idIsGroup = false)
    void onEvent(String record) {
        EventEnvelope event = EventJson.read(record);
        List<NotificationDraft> drafts = TriggerRules.draftsFor(event, audience);
        if (drafts.isEmpty()) {
            return;
        }
        consumer.handleOnce(CONSUMER, event, () -> drafts.forEach(draft -> notify(event, draft)));
    }

    private void notify(EventEnvelope event, NotificationDraft draft) {
        EffectivePreferences wanted = preferences.of(draft.userId());
        if (wanted.wants(draft.type(), Channel.IN_APP)) {
            inbox.deliver(event, draft);
        }
        emails.enqueue(event, draft, wanted);
    }
}
