package io.pulsecrm.notification.push;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulsecrm.notification.NotificationsProperties;
import io.pulsecrm.notification.inbox.Inbox;
import io.pulsecrm.notification.inbox.Notification;
import io.pulsecrm.notification.inbox.NotificationListener;
import io.pulsecrm.notification.inbox.NotificationResponse;
import io.pulsecrm.platform.identity.Caller;
import io.pulsecrm.platform.security.CurrentCaller;
import io.pulsecrm.platform.security.OwnerScope;
import io.pulsecrm.platform.security.Visibility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The SSE connections of this replica and what feeds them.
 * <p>
 * With several replicas a user's stream is open on one replica while the notification may be stored by another
 * (whichever consumed the event). So every replica <b>polls the store</b> every {@code push.poll-interval} for
 * notifications of the users connected to it, created within the last {@code push.overlap} (covering insert
 * latency and clock skew between replicas); each connection remembers what it sent and skips it. Notifications
 * stored by this replica are also pushed at once. The store is the single source of truth, so nothing depends on
 * one replica's memory: a reconnect (to any replica) replays from the store after {@code Last-Event-ID}.
 * <p>
 * Record-change hints ({@link #hint}, {@code event: change}, no event id so {@code Last-Event-ID} keeps naming the
 * last notification) go to the connections whose viewer may see the record: the stream's user, with the roles and
 * team of their token when they opened it themselves, else as the directory describes them. Each connection sends its
 * hints on its own virtual thread, latest per record, so a slow client delays only itself; one that falls more than
 * {@value #MAX_PENDING_HINTS} records behind gets one hint per record type instead.
 */
@Component
public class PushHub implements NotificationListener, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PushHub.class);

    static final int MAX_PENDING_HINTS = 256;

    private final Inbox inbox;
    private final NotificationsProperties.Push properties;
    private final NotificationsProperties.Live live;
    private final Visibility visibility;
    private final Clock clock;
    private final Map<String, Set<Connection>> connections = new ConcurrentHashMap<>();
    /** Made anew on each start: a context stopped and started again (a paused test context) keeps sending hints. */
    private volatile ExecutorService hintSenders = Executors.newVirtualThreadPerTaskExecutor();
    private ScheduledExecutorService scheduler;

    PushHub(Inbox inbox, NotificationsProperties properties, Visibility visibility, Clock clock, MeterRegistry meters) {
        this.inbox = inbox;
        this.properties = properties.push();
        this.live = properties.live();
        this.visibility = visibility;
        this.clock = clock;
        meters.gauge("pulse.notifications.push.connections", connections,
                map -> map.values().stream().mapToInt(Set::size).sum());
    }

    /** Opens a stream for the user, first replaying what they missed after {@code lastEventId}. */
    SseEmitter open(String userId, String lastEventId) {
        SseEmitter emitter = new SseEmitter(properties.streamTimeout().toMillis());
        Connection connection = new Connection(userId, viewerOf(userId), emitter,
                clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        emitter.onCompletion(() -> remove(connection));
        emitter.onTimeout(() -> remove(connection));
        emitter.onError(e -> remove(connection));
        synchronized (connection) {
            // registered first, so nothing stored during the replay is missed; sent ids make it once only
            connections.computeIfAbsent(userId, id -> ConcurrentHashMap.newKeySet()).add(connection);
            connection.comment("connected");
            if (lastEventId != null && !lastEventId.isBlank()) {
                connection.resumeAfter(lastEventId.strip());
                inbox.after(userId, lastEventId.strip(), properties.replayLimit()).forEach(connection::send);
            }
        }
        return emitter;
    }

    @Override
    public void stored(Notification notification) {
        Set<Connection> open = connections.get(notification.userId());
        if (open != null) {
            open.forEach(connection -> connection.send(notification));
        }
    }

    /** Tells every connection whose viewer may see the changed record. */
    public void hint(RecordChange change) {
        connections.values().forEach(set -> set.forEach(connection -> {
            if (change.audience().visibleTo(connection.viewer, connection.scope())) {
                connection.offer(change.hint());
            }
        }));
    }

    /** Whose visibility applies to a stream: its user's, as their own token says when they opened it. */
    private Caller viewerOf(String userId) {
        Caller caller = CurrentCaller.find().orElse(null);
        if (caller != null && caller.isUser() && caller.id().equals(userId)) {
            return caller;
        }
        return visibility.directory().find(userId).map(Caller::of)
                .orElseGet(() -> new Caller(Caller.Kind.USER, userId, Set.of(), null, Set.of()));
    }

    /** One poll: new notifications of connected users, from whichever replica stored them. */
    void poll() {
        Set<String> users = Set.copyOf(connections.keySet());
        if (users.isEmpty()) {
            return;
        }
        Instant since = clock.instant().minus(properties.overlap());
        List<Notification> recent = inbox.storedSince(users, since, 1000);
        for (Notification notification : recent) {
            stored(notification);
        }
        Instant forget = since.minus(properties.overlap());
        connections.values().forEach(set -> set.forEach(connection -> connection.forgetBefore(forget)));
    }

    private void heartbeat() {
        connections.values().forEach(set -> set.forEach(connection -> connection.comment("heartbeat")));
    }

    private void remove(Connection connection) {
        connections.computeIfPresent(connection.userId, (id, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
    }

    int connectionCount() {
        return connections.values().stream().mapToInt(Set::size).sum();
    }

    @Override
    public synchronized void start() {
        if (hintSenders.isShutdown()) {
            hintSenders = Executors.newVirtualThreadPerTaskExecutor();
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("sse-push").daemon().factory());
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                poll();
            } catch (RuntimeException e) {
                log.warn("Notification push poll failed: {}", e.toString());
            }
        }, properties.pollInterval().toMillis(), properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::heartbeat, properties.heartbeat().toMillis(),
                properties.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
        hintSenders.shutdownNow();
        connections.values().forEach(set -> set.forEach(connection -> connection.emitter.complete()));
        connections.clear();
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    /** One open stream and the notifications already sent on it (by creation time, for forgetting). */
    private final class Connection {

        private final String userId;
        private final Caller viewer;
        private final SseEmitter emitter;
        private final Map<String, Instant> sent = new LinkedHashMap<>();
        /** Older notifications are not pushed: the client has them (from the list, or before Last-Event-ID). */
        private Instant floor;
        private boolean closed;
        /** The viewer's owner scope, recomputed after {@code live.scope-refresh} (teams change in the directory). */
        private volatile OwnerScope scope;
        private volatile Instant scopeAt = Instant.MIN;
        /** Hints waiting to be sent, latest per record; guarded by itself. */
        private final Map<String, RecordHint> pendingHints = new LinkedHashMap<>();
        private boolean sendingHints;

        Connection(String userId, Caller viewer, SseEmitter emitter, Instant openedAt) {
            this.userId = userId;
            this.viewer = viewer;
            this.emitter = emitter;
            this.floor = openedAt;
        }

        OwnerScope scope() {
            Instant now = clock.instant();
            if (scope == null || scopeAt.plus(live.scopeRefresh()).isBefore(now)) {
                scope = visibility.scopeOf(viewer);
                scopeAt = now;
            }
            return scope;
        }

        void offer(RecordHint hint) {
            synchronized (pendingHints) {
                if (pendingHints.size() >= MAX_PENDING_HINTS) {
                    List<String> types = pendingHints.values().stream().map(RecordHint::type).distinct().toList();
                    pendingHints.clear();
                    types.forEach(type -> pendingHints.put(type, RecordHint.anyOf(type)));
                }
                if (!pendingHints.containsKey(hint.type())) {
                    pendingHints.put(hint.type() + '|' + hint.id(), hint);
                }
                if (!sendingHints) {
                    sendingHints = true;
                    try {
                        hintSenders.execute(this::sendHints);
                    } catch (java.util.concurrent.RejectedExecutionException e) {
                        sendingHints = false; // shutting down
                    }
                }
            }
        }

        private void sendHints() {
            while (true) {
                List<RecordHint> batch;
                synchronized (pendingHints) {
                    if (pendingHints.isEmpty()) {
                        sendingHints = false;
                        return;
                    }
                    batch = new ArrayList<>(pendingHints.values());
                    pendingHints.clear();
                }
                batch.forEach(this::sendHint);
            }
        }

        private synchronized void sendHint(RecordHint hint) {
            if (closed) {
                return;
            }
            try {
                emitter.send(SseEmitter.event().name("change").data(hint, MediaType.APPLICATION_JSON));
            } catch (IOException | IllegalStateException e) {
                fail(e);
            }
        }

        /** The client has everything up to this notification: push only what was stored after it. */
        synchronized void resumeAfter(String lastEventId) {
            Notification last = inbox.find(lastEventId);
            if (last != null && last.userId().equals(userId)) {
                floor = last.createdAt();
                sent.put(last.id(), last.createdAt());
            }
        }

        synchronized void send(Notification notification) {
            if (closed || sent.containsKey(notification.id()) || notification.createdAt().isBefore(floor)) {
                return;
            }
            sent.put(notification.id(), notification.createdAt());
            try {
                emitter.send(SseEmitter.event().id(notification.id()).name("notification")
                        .data(NotificationResponse.of(notification), MediaType.APPLICATION_JSON));
            } catch (IOException | IllegalStateException e) {
                fail(e);
            }
        }

        synchronized void comment(String text) {
            if (closed) {
                return;
            }
            try {
                emitter.send(SseEmitter.event().comment(text));
            } catch (IOException | IllegalStateException e) {
                fail(e);
            }
        }

        synchronized void forgetBefore(Instant instant) {
            for (Iterator<Instant> it = sent.values().iterator(); it.hasNext(); ) {
                if (it.next().isBefore(instant)) {
                    it.remove();
                }
            }
        }

        private void fail(Exception e) {
            closed = true;
            log.debug("SSE connection of {} closed: {}", userId, e.toString());
            remove(this);
            emitter.completeWithError(e);
        }
    }
}
