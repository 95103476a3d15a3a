package io.pulsecrm.notification.triggers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * Notifications automation rules ask for ({@code pulse.automation.notification_requested.v1}): type
 * {@code automation}, to each recipient the rule resolved, on the channels the rule names as far as the
 * recipient's preferences for {@code automation} allow. Once per event ({@link IdempotentConsumer}); notification
 * and email ids derive from the event id, recipient and type like every other trigger's.
 */
@Component
class AutomationRequests {

    static final String CONSUMER = "notification-automation";
    static final String TOPIC = "pulse.automation.notification_request.v1";
    static final String REQUESTED = "pulse.automation.notification_requested.v1";
    static final String TYPE = "automation";

    /** The part of the request this service reads. */
    record Request(String ruleId, String ruleName, String runId, List<String> recipients, List<String> channels,
                   String title, String body, String subjectType, String subjectId) {
    }

    private final Inbox inbox;
    private final IdempotentConsumer consumer;
    private final Preferences preferences;
    private final EmailOutbox emails;

    AutomationRequests(Inbox inbox, IdempotentConsumer consumer, Preferences preferences, EmailOutbox emails) {
        this.inbox = inbox;
        this.consumer = consumer;
        this.preferences = preferences;
        this.emails = emails;
    }

    @KafkaListener(topics = TOPIC, id = CONSUMER, idIsGroup = false)
    void onRequest(String record) {
        EventEnvelope event = EventJson.read(record);
        if (!REQUESTED.equals(event.type())) {
            return;
        }
        Request request = event.dataAs(Request.class);
        if (request.recipients() == null || request.recipients().isEmpty() || request.title() == null) {
            return;
        }
        List<String> channels = request.channels() == null || request.channels().isEmpty()
                ? List.of(Channel.IN_APP) : request.channels();
        Map<String, Object> data = new LinkedHashMap<>();
        putIfPresent(data, "ruleId", request.ruleId());
        putIfPresent(data, "ruleName", request.ruleName());
        putIfPresent(data, "runId", request.runId());
        consumer.handleOnce(CONSUMER, event, () -> request.recipients().stream().distinct().forEach(recipient -> {
            NotificationDraft draft = new NotificationDraft(recipient, TYPE, request.title(),
                    request.body() == null ? "" : request.body(), request.subjectType(), request.subjectId(), data);
            EffectivePreferences wanted = preferences.of(recipient);
            if (channels.contains(Channel.IN_APP) && wanted.wants(TYPE, Channel.IN_APP)) {
                inbox.deliver(event, draft);
            }
            if (channels.contains(Channel.EMAIL)) {
                emails.enqueue(event, draft, wanted); // as far as and how the recipient's preferences want it
            }
        }));
    }

    private static void putIfPresent(Map<String, Object> data, String key, String value) {
        if (value != null) {
            data.put(key, value);
        }
    }
}
