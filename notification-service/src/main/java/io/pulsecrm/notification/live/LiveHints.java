package io.pulsecrm.notification.live;

import java.util.List;

import io.pulsecrm.notification.NotificationsProperties;
import io.pulsecrm.notification.push.PushHub;
import io.pulsecrm.platform.events.EventJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Tells the open streams of this replica which records changed ({@code event: change}), so pages showing them
 * refresh by themselves. Every replica must see every event (its streams are its own), so each consumes the domain
 * topics ({@code live.topics}) in a consumer group of its own, from the end, never committing ({@link
 * LiveHintsConfiguration}): nothing to persist, nothing left behind when it goes. A record it cannot read is skipped,
 * never retried nor dead-lettered: hints are best-effort, and the owning services' consumers deal with bad records.
 */
@Component
public class LiveHints {

    static final String LISTENER_ID = "notification-live-hints";
    private static final Logger log = LoggerFactory.getLogger(LiveHints.class);

    private final RecordChanges changes;
    private final PushHub hub;
    private final List<String> topics;

    LiveHints(RecordChanges changes, PushHub hub, NotificationsProperties properties) {
        this.changes = changes;
        this.hub = hub;
        this.topics = properties.live().topics();
    }

    /** The topics read ({@code live.topics}), for the listener annotation. */
    public String[] topics() {
        return topics.toArray(String[]::new);
    }

    @KafkaListener(id = LISTENER_ID, idIsGroup = false, containerFactory = LiveHintsConfiguration.CONTAINER_FACTORY,
            groupId = "${spring.application.name}-live-${random.uuid}",
            topics = "#{__listener.topics()}",
            properties = "auto.offset.reset=latest")
    void onEvent(String record) {
        try {
            changes.of(EventJson.read(record)).ifPresent(hub::hint);
        } catch (RuntimeException e) {
            log.debug("No live hint for an unreadable record: {}", e.toString());
        }
    }
}
