package io.pulsecrm.notification.webhooks;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import java.util.Map;

import io.pulsecrm.notification.NotificationsProperties;
import io.pulsecrm.platform.outbound.TargetGuard;
import io.pulsecrm.notification.inbox.Inbox;
import io.pulsecrm.notification.inbox.NotificationDraft;
import io.pulsecrm.platform.aggregate.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import io.pulsecrm.platform.aggregate.VersionConflictException;
import io.pulsecrm.platform.events.Ids;
import io.pulsecrm.platform.web.CursorPage;
import io.pulsecrm.platform.web.InvalidRequestException;
import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import io.pulsecrm.platform.security.Visibility;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Webhook subscriptions: validation, optimistic-locked changes, and which ones want an event. The API's operations
 * take the caller's {@link WebhookAccess.Scope} and apply it inside their queries (a subscription out of reach is
 * 404); the delivery job's use the store as it is.
 */
@Service
public class WebhookSubscriptions {

    static final int MAX_EVENT_TYPES = 50;
    /** Inbox notification type telling a subscription's owner it was paused. */
    public static final String PAUSED_NOTIFICATION = "webhook_paused";
    private static final Logger log = LoggerFactory.getLogger(WebhookSubscriptions.class);

    private final MongoTemplate mongo;
    private final TargetGuard guard;
    private final Clock clock;
    private final NotificationsProperties.Webhooks properties;
    private final Inbox inbox;
    private final Visibility visibility;

    WebhookSubscriptions(MongoTemplate mongo, TargetGuard guard, Clock clock, NotificationsProperties properties,
                         Inbox inbox, Visibility visibility) {
        this.mongo = mongo;
        this.guard = guard;
        this.clock = clock;
        this.properties = properties.webhooks();
        this.inbox = inbox;
        this.visibility = visibility;
    }

    /**
     * A new subscription of the caller's ({@code createdBy}); its {@code ownerId} is the one given (a known user) or
     * the creating member ({@link Visibility#defaultOwner()}: none for applications).
     */
    WebhookSubscription create(WebhookRequest request, WebhookAccess.Scope scope) {
        scope.requireMayReceiveEvents();
        if (request == null) {
            throw InvalidRequestException.field("body", "is required");
        }
        List<FieldProblem> problems = new ArrayList<>();
        validateUrl(request.targetUrl(), problems);
        validateTypes(request.eventTypes(), true, problems);
        validateText("subject", request.subject(), 200, problems);
        validateText("description", request.description(), 500, problems);
        validateSecret(request.secret(), problems);
        validateText("ownerId", request.ownerId(), 200, problems);
        reject(problems);
        String owner = blankToNull(request.ownerId());
        if (owner == null) {
            owner = visibility.defaultOwner();
        } else {
            visibility.requireAssignable(owner, "ownerId");
        }
        Instant now = now();
        WebhookSubscription subscription = new WebhookSubscription(Ids.newId(), request.targetUrl(),
                List.copyOf(request.eventTypes()), blankToNull(request.subject()), request.description(),
                request.secret() == null ? WebhookSigner.newSecret() : request.secret(),
                request.active() == null || request.active(), null, null, 0, now, now, null,
                owner, null, null, 0, null, scope.actor(), scope.actor());
        return mongo.insert(subscription);
    }

    /** The subscription as it is stored, whoever's it is (for the delivery job). */
    WebhookSubscription get(String id) {
        WebhookSubscription subscription = mongo.findById(id, WebhookSubscription.class);
        if (subscription == null || subscription.deletedAt() != null) {
            throw new AggregateNotFoundException("webhook", id);
        }
        return subscription;
    }

    /** @throws AggregateNotFoundException when there is none, or it is out of the caller's reach */
    WebhookSubscription get(String id, WebhookAccess.Scope scope) {
        WebhookSubscription subscription = mongo.findOne(Query.query(scope.restrict(Criteria.where("_id").is(id)
                .and("deletedAt").is(null))), WebhookSubscription.class);
        if (subscription == null) {
            throw new AggregateNotFoundException("webhook", id);
        }
        return subscription;
    }

    /** The subscriptions the caller reaches, by id. */
    CursorPage<WebhookSubscription> list(int limit, String cursor, WebhookAccess.Scope scope) {
        if (limit < 1 || limit > 200) {
            throw InvalidRequestException.field("limit", "must be between 1 and 200");
        }
        Criteria criteria = scope.restrict(Criteria.where("deletedAt").is(null));
        if (cursor != null) {
            criteria = criteria.and("_id").gt(CursorPage.decode(cursor));
        }
        List<WebhookSubscription> fetched = mongo.find(Query.query(criteria).with(Sort.by("_id")).limit(limit + 1),
                WebhookSubscription.class);
        return CursorPage.of(fetched, limit, WebhookSubscription::id);
    }

    WebhookSubscription update(String id, long expectedVersion, WebhookRequest patch, WebhookAccess.Scope scope) {
        if (patch == null) {
            throw InvalidRequestException.field("body", "is required");
        }
        WebhookSubscription current = get(id, scope);
        if (patch.targetUrl() != null || patch.eventTypes() != null || patch.subject() != null
                || Boolean.TRUE.equals(patch.active())) {
            scope.requireMayReceiveEvents(); // the application would receive events (other ones, or elsewhere)
        }
        List<FieldProblem> problems = new ArrayList<>();
        Update update = new Update();
        if (patch.targetUrl() != null) {
            validateUrl(patch.targetUrl(), problems);
            update.set("targetUrl", patch.targetUrl());
        }
        if (patch.eventTypes() != null) {
            validateTypes(patch.eventTypes(), true, problems);
            update.set("eventTypes", List.copyOf(patch.eventTypes()));
        }
        if (patch.subject() != null) {
            validateText("subject", patch.subject(), 200, problems);
            if (patch.subject().isBlank()) {
                update.unset("subject");
            } else {
                update.set("subject", patch.subject());
            }
        }
        if (patch.description() != null) {
            validateText("description", patch.description(), 500, problems);
            update.set("description", patch.description());
        }
        if (patch.secret() != null) {
            validateSecret(patch.secret(), problems);
            // an immediate replacement (no overlap); POST .../rotate-secret keeps the old one valid for a while
            update.set("secret", patch.secret()).unset("previousSecret").unset("previousSecretUntil");
        }
        if (patch.ownerId() != null) {
            validateText("ownerId", patch.ownerId(), 200, problems);
            if (patch.ownerId().isBlank()) {
                update.unset("ownerId");
            } else {
                update.set("ownerId", patch.ownerId());
            }
        }
        if (patch.active() != null) {
            // resuming a paused one or re-enabling a disabled one starts counting failures afresh; deactivating a
            // paused one makes it disabled (its waiting deliveries are then cancelled)
            update.set("active", patch.active()).unset("pausedAt").set("consecutiveFailures", 0);
            if (patch.active()) {
                update.unset("disabledReason").unset("disabledAt");
            }
        }
        reject(problems);
        if (patch.ownerId() != null && !patch.ownerId().isBlank()) {
            visibility.requireReassignable(current.ownerId(), patch.ownerId(), "ownerId");
        }
        if (current.version() != expectedVersion) {
            throw new VersionConflictException("webhook", id, expectedVersion, current.version());
        }
        update.set("updatedAt", now()).set("updatedBy", scope.actor()).inc("version", 1);
        long matched = mongo.updateFirst(Query.query(scope.restrict(Criteria.where("_id").is(id)
                .and("version").is(expectedVersion).and("deletedAt").is(null))), update,
                WebhookSubscription.class).getMatchedCount();
        if (matched == 0) {
            throw new VersionConflictException("webhook", id, expectedVersion, get(id, scope).version());
        }
        if (Boolean.TRUE.equals(patch.active()) && current.paused()) {
            // deliveries held while it was paused go out now, in their order
            mongo.updateMulti(Query.query(Criteria.where("subscriptionId").is(id)
                            .and("status").is(WebhookDelivery.PENDING)),
                    Update.update("nextAttemptAt", now()), WebhookDelivery.class);
        }
        return get(id, scope);
    }

    /**
     * Replaces the secret with a new generated one; the previous one keeps signing too (a second signature) for
     * {@code webhooks.secret-overlap}, so receivers can switch over without losing deliveries.
     */
    WebhookSubscription rotateSecret(String id, long expectedVersion, WebhookAccess.Scope scope) {
        WebhookSubscription current = get(id, scope);
        if (current.version() != expectedVersion) {
            throw new VersionConflictException("webhook", id, expectedVersion, current.version());
        }
        Instant now = now();
        long matched = mongo.updateFirst(Query.query(scope.restrict(Criteria.where("_id").is(id)
                        .and("version").is(expectedVersion).and("deletedAt").is(null))),
                new Update().set("secret", WebhookSigner.newSecret()).set("previousSecret", current.secret())
                        .set("previousSecretUntil", now.plus(properties.secretOverlap())).set("updatedAt", now)
                        .set("updatedBy", scope.actor()).inc("version", 1), WebhookSubscription.class).getMatchedCount();
        if (matched == 0) {
            throw new VersionConflictException("webhook", id, expectedVersion, get(id, scope).version());
        }
        return get(id, scope);
    }

    /** A successful attempt: the run of consecutive failures is over. */
    void recordSuccess(String id) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and("consecutiveFailures").gt(0)),
                Update.update("consecutiveFailures", 0), WebhookSubscription.class);
    }

    /**
     * A failed attempt; after {@code webhooks.pause-after-consecutive-failures} in a row the subscription is paused
     * (deliveries wait until a PATCH with {@code active: true}) and its owner, if it has one, is told in-app.
     */
    void recordFailure(String id) {
        WebhookSubscription counted = mongo.findAndModify(Query.query(Criteria.where("_id").is(id)),
                new Update().inc("consecutiveFailures", 1), FindAndModifyOptions.options().returnNew(true),
                WebhookSubscription.class);
        int limit = properties.pauseAfterConsecutiveFailures();
        if (counted == null || limit <= 0 || counted.consecutiveFailures() < limit || !counted.active()) {
            return;
        }
        Instant now = now();
        String reason = "paused after " + counted.consecutiveFailures() + " consecutive failed attempts";
        WebhookSubscription paused = mongo.findAndModify(Query.query(Criteria.where("_id").is(id).and("active").is(true)
                        .and("deletedAt").is(null)),
                new Update().set("active", false).set("pausedAt", now).set("disabledReason", reason)
                        .set("disabledAt", now).set("updatedAt", now).inc("version", 1),
                FindAndModifyOptions.options().returnNew(true), WebhookSubscription.class);
        if (paused == null) {
            return; // someone else paused or changed it first
        }
        log.warn("Webhook subscription {} to {} {}", id, paused.targetUrl(), reason);
        if (paused.ownerId() != null) {
            inbox.deliver("webhook-paused|" + id + "|" + now.toEpochMilli(), "pulse.notifications.webhook.paused",
                    new NotificationDraft(paused.ownerId(), PAUSED_NOTIFICATION, "Webhook paused",
                            "Deliveries to " + paused.targetUrl() + " are paused after " + paused.consecutiveFailures()
                                    + " consecutive failed attempts. Fix the endpoint and reactivate the webhook to"
                                    + " resume; waiting deliveries are then sent.",
                            "webhook", id, Map.of("targetUrl", paused.targetUrl(), "reason", reason)));
        }
    }

    void delete(String id, long expectedVersion, WebhookAccess.Scope scope) {
        WebhookSubscription current = get(id, scope);
        if (current.version() != expectedVersion) {
            throw new VersionConflictException("webhook", id, expectedVersion, current.version());
        }
        Instant now = now();
        long matched = mongo.updateFirst(Query.query(scope.restrict(Criteria.where("_id").is(id)
                        .and("version").is(expectedVersion))),
                new Update().set("deletedAt", now).set("updatedAt", now).set("updatedBy", scope.actor())
                        .set("active", false).inc("version", 1),
                WebhookSubscription.class).getMatchedCount();
        if (matched == 0) {
            throw new VersionConflictException("webhook", id, expectedVersion, get(id, scope).version());
        }
    }

    /** Deactivates it because the receiver said so (410 Gone); a PATCH with {@code active: true} re-enables it. */
    void disable(String id, String reason) {
        Instant now = now();
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and("active").is(true)),
                new Update().set("active", false).set("disabledReason", reason).set("disabledAt", now)
                        .set("updatedAt", now).inc("version", 1), WebhookSubscription.class);
    }

    /** Active and paused subscriptions (few: partners, not users), for matching an event against them. */
    List<WebhookSubscription> active() {
        return mongo.find(Query.query(new Criteria().orOperator(Criteria.where("active").is(true),
                        Criteria.where("pausedAt").ne(null)).and("deletedAt").is(null)),
                WebhookSubscription.class);
    }

    private void validateUrl(String url, List<FieldProblem> problems) {
        String refusal = guard.refusal(url);
        if (refusal != null) {
            problems.add(new FieldProblem("targetUrl", refusal));
        }
    }

    private static void validateTypes(List<String> types, boolean required, List<FieldProblem> problems) {
        if (types == null || types.isEmpty()) {
            if (required) {
                problems.add(new FieldProblem("eventTypes", "must list at least one event type or pattern"));
            }
            return;
        }
        if (types.size() > MAX_EVENT_TYPES) {
            problems.add(new FieldProblem("eventTypes", "must list at most " + MAX_EVENT_TYPES));
        }
        for (int i = 0; i < types.size(); i++) {
            if (!EventTypeFilter.isValid(types.get(i))) {
                problems.add(new FieldProblem("eventTypes[" + i + "]",
                        "must be an event type (pulse.task.assigned.v1), a prefix pattern (pulse.task.*) or *"));
            }
        }
    }

    private static void validateText(String field, String value, int max, List<FieldProblem> problems) {
        if (value != null && value.length() > max) {
            problems.add(new FieldProblem(field, "must be at most " + max + " characters"));
        }
    }

    private static void validateSecret(String secret, List<FieldProblem> problems) {
        if (secret != null && WebhookSigner.key(secret) == null) {
            problems.add(new FieldProblem("secret", "must be whsec_ followed by base64 of 24 to 64 bytes"));
        }
    }

    private static void reject(List<FieldProblem> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("The request has invalid fields", problems);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
