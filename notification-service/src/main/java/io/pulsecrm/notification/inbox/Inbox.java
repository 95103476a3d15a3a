package io.pulsecrm.notification.inbox;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.pulsecrm.platform.aggregate.AggregateNotFoundException;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.web.CursorPage;
import io.pulsecrm.platform.web.NewestFirst;
import io.pulsecrm.platform.web.InvalidRequestException;
import jakarta.annotation.PostConstruct;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/** The per-user inboxes: storing notifications once, listing, counting, reading and archiving them. */
@Service
public class Inbox {

    private static final NewestFirst NEWEST_FIRST = new NewestFirst("createdAt");

    public static final int MAX_LIMIT = 200;

    private final MongoTemplate mongo;
    private final Clock clock;
    private final ObjectProvider<NotificationListener> listeners;

    Inbox(MongoTemplate mongo, Clock clock, ObjectProvider<NotificationListener> listeners) {
        this.mongo = mongo;
        this.clock = clock;
        this.listeners = listeners;
    }

    @PostConstruct
    void createIndexes() {
        var indexes = mongo.indexOps(Notification.COLLECTION);
        indexes.createIndex(new Index().on("userId", Sort.Direction.ASC).on("createdAt", Sort.Direction.DESC)
                .on("_id", Sort.Direction.DESC).named("user_created"));
        indexes.createIndex(new Index().on("createdAt", Sort.Direction.ASC).named("created"));
    }

    /**
     * Stores the notification a draft describes, once per (event, recipient, type).
     *
     * @return the stored notification, or empty if it already existed (a redelivery)
     */
    public Optional<Notification> deliver(EventEnvelope cause, NotificationDraft draft) {
        return deliver(cause.id(), cause.type(), draft);
    }

    /**
     * Stores a notification caused by something other than an event (e.g. a webhook subscription paused), once per
     * (cause id, recipient, type).
     */
    public Optional<Notification> deliver(String causeId, String causeType, NotificationDraft draft) {
        Notification notification = new Notification(Notification.idFor(causeId, draft.userId(), draft.type()),
                draft.userId(), draft.type(), draft.title(), draft.body(), draft.subjectType(), draft.subjectId(),
                draft.data(), causeId, causeType, now(), null, null);
        try {
            mongo.insert(notification);
        } catch (DuplicateKeyException e) {
            return Optional.empty();
        }
        listeners.orderedStream().forEach(listener -> listener.stored(notification));
        return Optional.of(notification);
    }

    public Notification find(String id) {
        return mongo.findById(id, Notification.class);
    }

    /**
     * One notification, if the caller may see it.
     *
     * @param recipient the user it must belong to ({@link InboxAccess#recipientRestriction()}), null for anyone's
     * @throws AggregateNotFoundException when there is none, or it is someone else's
     */
    public Notification get(String id, String recipient) {
        Notification notification = mongo.findOne(byId(id, recipient), Notification.class);
        if (notification == null) {
            throw new AggregateNotFoundException("notification", id);
        }
        return notification;
    }

    /**
     * Newest first, keyset-paged on (createdAt, id).
     *
     * @param state {@code unread}, {@code read} or null for both; archived ones only with {@code archived}
     */
    public CursorPage<Notification> list(String userId, String state, boolean archived, int limit, String cursor) {
        requireUser(userId);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw InvalidRequestException.field("limit", "must be between 1 and " + MAX_LIMIT);
        }
        List<Criteria> filters = new ArrayList<>();
        filters.add(Criteria.where("userId").is(userId));
        filters.add(archived ? Criteria.where("archivedAt").ne(null) : Criteria.where("archivedAt").is(null));
        if (state != null) {
            switch (state) {
                case "unread" -> filters.add(Criteria.where("readAt").is(null));
                case "read" -> filters.add(Criteria.where("readAt").ne(null));
                case "all" -> { }
                default -> throw InvalidRequestException.field("state", "must be unread, read or all");
            }
        }
        if (cursor != null) {
            filters.add(NEWEST_FIRST.after(cursor));
        }
        Query query = Query.query(new Criteria().andOperator(filters))
                .with(NEWEST_FIRST.sort()).limit(limit + 1);
        List<Notification> fetched = mongo.find(query, Notification.class);
        return NEWEST_FIRST.page(fetched, limit, Notification::createdAt, Notification::id);
    }

    public long unreadCount(String userId) {
        requireUser(userId);
        return mongo.count(Query.query(Criteria.where("userId").is(userId).and("readAt").is(null)
                .and("archivedAt").is(null)), Notification.class);
    }

    /** Marks it read (again: no change); {@code recipient} as in {@link #get}. */
    public Notification markRead(String id, String recipient) {
        get(id, recipient);
        mongo.updateFirst(byId(id, recipient).addCriteria(Criteria.where("readAt").is(null)),
                Update.update("readAt", now()), Notification.class);
        return get(id, recipient);
    }

    public Notification markUnread(String id, String recipient) {
        get(id, recipient);
        mongo.updateFirst(byId(id, recipient), new Update().unset("readAt"), Notification.class);
        return get(id, recipient);
    }

    /** Marks every unread, not archived notification of the user read; @return how many changed */
    public long markAllRead(String userId) {
        requireUser(userId);
        return mongo.updateMulti(Query.query(Criteria.where("userId").is(userId).and("readAt").is(null)
                        .and("archivedAt").is(null)),
                Update.update("readAt", now()), Notification.class).getModifiedCount();
    }

    /** Archives it (and so takes it out of the unread count); archiving again changes nothing. */
    public Notification archive(String id, String recipient) {
        get(id, recipient);
        mongo.updateFirst(byId(id, recipient).addCriteria(Criteria.where("archivedAt").is(null)),
                Update.update("archivedAt", now()), Notification.class);
        return get(id, recipient);
    }

    /** The notification with this id, and only if it is the recipient's (when one is given). */
    private static Query byId(String id, String recipient) {
        Criteria criteria = Criteria.where("_id").is(id);
        if (recipient != null) {
            criteria = criteria.and("userId").is(recipient);
        }
        return Query.query(criteria);
    }

    /** Notifications of these users stored since {@code since}, oldest first (for live push). */
    public List<Notification> storedSince(java.util.Collection<String> userIds, Instant since, int limit) {
        Query query = Query.query(Criteria.where("userId").in(userIds).and("createdAt").gte(since))
                .with(Sort.by(Sort.Order.asc("createdAt"), Sort.Order.asc("_id"))).limit(limit);
        return mongo.find(query, Notification.class);
    }

    /** The user's notifications stored after the given one, oldest first (SSE replay after Last-Event-ID). */
    public List<Notification> after(String userId, String notificationId, int limit) {
        Notification last = mongo.findById(notificationId, Notification.class);
        if (last == null || !last.userId().equals(userId)) {
            return List.of();
        }
        Criteria newer = new Criteria().orOperator(Criteria.where("createdAt").gt(last.createdAt()),
                Criteria.where("createdAt").is(last.createdAt()).and("_id").gt(last.id()));
        Query query = Query.query(new Criteria().andOperator(Criteria.where("userId").is(userId), newer))
                .with(Sort.by(Sort.Order.asc("createdAt"), Sort.Order.asc("_id"))).limit(limit);
        return mongo.find(query, Notification.class);
    }

    private Instant now() {
        // the store keeps milliseconds: truncate so cursors and comparisons see the stored value
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static void requireUser(String userId) {
        if (userId == null || userId.isBlank()) {
            throw InvalidRequestException.field("userId", "is required");
        }
        if (userId.length() > 200) {
            throw InvalidRequestException.field("userId", "must be at most 200 characters");
        }
    }
}
