package io.pulsecrm.notification.webhooks;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import io.pulsecrm.platform.aggregate.AggregateNotFoundException;
import io.pulsecrm.platform.aggregate.VersionConflictException;
import io.pulsecrm.platform.events.Ids;
import io.pulsecrm.platform.web.CursorPage;
import io.pulsecrm.platform.web.InvalidRequestException;
import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/** Webhook subscriptions: validation, optimistic-locked changes, and which ones want an event. */
@Service
public class WebhookSubscriptions {

    static final int MAX_EVENT_TYPES = 50;

    private final MongoTemplate mongo;
    private final TargetGuard guard;
    private final Clock clock;

    WebhookSubscriptions(MongoTemplate mongo, TargetGuard guard, Clock clock) {
        this.mongo = mongo;
        this.guard = guard;
        this.clock = clock;
    }

    public WebhookSubscription create(WebhookRequest request) {
        if (request == null) {
            throw InvalidRequestException.field("body", "is required");
        }
        List<FieldProblem> problems = new ArrayList<>();
        validateUrl(request.targetUrl(), problems);
        validateTypes(request.eventTypes(), true, problems);
        validateText("subject", request.subject(), 200, problems);
        validateText("description", request.description(), 500, problems);
        validateSecret(request.secret(), problems);
        reject(problems);
        Instant now = now();
        WebhookSubscription subscription = new WebhookSubscription(Ids.newId(), request.targetUrl(),
                List.copyOf(request.eventTypes()), blankToNull(request.subject()), request.description(),
                request.secret() == null ? WebhookSigner.newSecret() : request.secret(),
                request.active() == null || request.active(), null, null, 0, now, now, null);
        return mongo.insert(subscription);
    }

    public WebhookSubscription get(String id) {
        WebhookSubscription subscription = mongo.findById(id, WebhookSubscription.class);
        if (subscription == null || subscription.deletedAt() != null) {
            throw new AggregateNotFoundException("webhook", id);
        }
        return subscription;
    }

    public CursorPage<WebhookSubscription> list(int limit, String cursor) {
        if (limit < 1 || limit > 200) {
            throw InvalidRequestException.field("limit", "must be between 1 and 200");
        }
        Criteria criteria = Criteria.where("deletedAt").is(null);
        if (cursor != null) {
            criteria = criteria.and("_id").gt(CursorPage.decode(cursor));
        }
        List<WebhookSubscription> fetched = mongo.find(Query.query(criteria).with(Sort.by("_id")).limit(limit + 1),
                WebhookSubscription.class);
        return CursorPage.of(fetched, limit, WebhookSubscription::id);
    }

    public WebhookSubscription update(String id, long expectedVersion, WebhookRequest patch) {
        if (patch == null) {
            throw InvalidRequestException.field("body", "is required");
        }
        WebhookSubscription current = get(id);
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
            update.set("secret", patch.secret());
        }
        if (patch.active() != null) {
            update.set("active", patch.active());
            if (patch.active()) {
                update.unset("disabledReason").unset("disabledAt");
            }
        }
        reject(problems);
        if (current.version() != expectedVersion) {
            throw new VersionConflictException("webhook", id, expectedVersion, current.version());
        }
        update.set("updatedAt", now()).inc("version", 1);
        long matched = mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and("version").is(expectedVersion)
                .and("deletedAt").is(null)), update, WebhookSubscription.class).getMatchedCount();
        if (matched == 0) {
            throw new VersionConflictException("webhook", id, expectedVersion, get(id).version());
        }
        return get(id);
    }

    public void delete(String id, long expectedVersion) {
        WebhookSubscription current = get(id);
        if (current.version() != expectedVersion) {
            throw new VersionConflictException("webhook", id, expectedVersion, current.version());
        }
        Instant now = now();
        long matched = mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and("version").is(expectedVersion)),
                new Update().set("deletedAt", now).set("updatedAt", now).set("active", false).inc("version", 1),
                WebhookSubscription.class).getMatchedCount();
        if (matched == 0) {
            throw new VersionConflictException("webhook", id, expectedVersion, get(id).version());
        }
    }

    /** Deactivates it because the receiver said so (410 Gone); a PATCH with {@code active: true} re-enables it. */
    void disable(String id, String reason) {
        Instant now = now();
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and("active").is(true)),
                new Update().set("active", false).set("disabledReason", reason).set("disabledAt", now)
                        .set("updatedAt", now).inc("version", 1), WebhookSubscription.class);
    }

    /** Active subscriptions (few: partners, not users), for matching an event against them. */
    List<WebhookSubscription> active() {
        return mongo.find(Query.query(Criteria.where("active").is(true).and("deletedAt").is(null)),
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
