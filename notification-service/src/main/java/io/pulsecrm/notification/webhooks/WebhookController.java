package io.pulsecrm.notification.webhooks;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.pulsecrm.platform.web.CursorPage;
import io.pulsecrm.platform.web.NewestFirst;
import io.pulsecrm.platform.web.IfMatch;
import io.pulsecrm.platform.web.InvalidRequestException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Partner webhook subscriptions and their delivery logs: admins reach all of them, partner applications their own,
 * reps and managers none ({@link WebhookAccess}).
 */
@RestController
@RequestMapping("/api/webhooks")
class WebhookController {

    private static final NewestFirst NEWEST_FIRST = new NewestFirst("createdAt");

    private final WebhookSubscriptions subscriptions;
    private final WebhookReplays replays;
    private final MongoTemplate mongo;
    private final WebhookAccess access;

    WebhookController(WebhookSubscriptions subscriptions, WebhookReplays replays, MongoTemplate mongo,
                      WebhookAccess access) {
        this.subscriptions = subscriptions;
        this.replays = replays;
        this.mongo = mongo;
        this.access = access;
    }

    /** A new generated secret, returned once; the previous one also signs for {@code webhooks.secret-overlap}. */
    @PostMapping("/{id}/rotate-secret")
    ResponseEntity<WebhookResponse> rotateSecret(@PathVariable String id,
                                                 @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        WebhookAccess.Scope scope = access.scope();
        WebhookSubscription rotated = subscriptions.rotateSecret(id, IfMatch.requiredVersion(ifMatch), scope);
        return ResponseEntity.ok().eTag(IfMatch.etag(rotated.version())).body(WebhookResponse.of(rotated, true));
    }

    /** Queues a new attempt of that delivery now (same {@code webhook-id}). */
    @PostMapping("/{id}/deliveries/{deliveryId}/redeliver")
    ResponseEntity<DeliveryResponse> redeliver(@PathVariable String id, @PathVariable String deliveryId) {
        return ResponseEntity.accepted().body(DeliveryResponse.of(replays.redeliver(id, deliveryId, access.scope())));
    }

    /** Re-queues every delivery of the subscription created since {@code since}. */
    @PostMapping("/{id}/replay")
    ResponseEntity<ReplayResponse> replay(@PathVariable String id, @RequestBody(required = false) ReplayRequest request) {
        WebhookAccess.Scope scope = access.scope();
        Instant since = request == null ? null : request.since();
        return ResponseEntity.accepted().body(new ReplayResponse(id, since, replays.replay(id, since, scope)));
    }

    record ReplayRequest(Instant since) {
    }

    record ReplayResponse(String subscriptionId, Instant since, long requeued) {
    }

    @PostMapping
    ResponseEntity<WebhookResponse> create(@RequestBody(required = false) WebhookRequest request) {
        WebhookSubscription created = subscriptions.create(request, access.scope());
        return ResponseEntity.created(URI.create("/api/webhooks/" + created.id()))
                .eTag(IfMatch.etag(created.version())).body(WebhookResponse.of(created, true));
    }

    @GetMapping
    CursorPage<WebhookResponse> list(@RequestParam(defaultValue = "50") int limit,
                                     @RequestParam(required = false) String cursor) {
        CursorPage<WebhookSubscription> page = subscriptions.list(limit, cursor, access.scope());
        return new CursorPage<>(page.items().stream().map(s -> WebhookResponse.of(s, false)).toList(),
                page.nextCursor());
    }

    @GetMapping("/{id}")
    ResponseEntity<WebhookResponse> get(@PathVariable String id) {
        WebhookSubscription subscription = subscriptions.get(id, access.scope());
        return ResponseEntity.ok().eTag(IfMatch.etag(subscription.version()))
                .body(WebhookResponse.of(subscription, false));
    }

    @PatchMapping("/{id}")
    ResponseEntity<WebhookResponse> update(@PathVariable String id,
                                           @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                           @RequestBody(required = false) WebhookRequest patch) {
        WebhookAccess.Scope scope = access.scope();
        long version = IfMatch.requiredVersion(ifMatch);
        WebhookSubscription updated = subscriptions.update(id, version, patch, scope);
        return ResponseEntity.ok().eTag(IfMatch.etag(updated.version()))
                .body(WebhookResponse.of(updated, patch != null && patch.secret() != null));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id,
                                @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        WebhookAccess.Scope scope = access.scope();
        subscriptions.delete(id, IfMatch.requiredVersion(ifMatch), scope);
        return ResponseEntity.noContent().build();
    }

    /** The delivery log, newest first: each delivery with its attempts (status code, latency, error). */
    @GetMapping("/{id}/deliveries")
    CursorPage<DeliveryResponse> deliveries(@PathVariable String id,
                                            @RequestParam(required = false) String status,
                                            @RequestParam(defaultValue = "50") int limit,
                                            @RequestParam(required = false) String cursor) {
        subscriptions.get(id, access.scope()); // the log is the subscription's: reachable with it or not at all
        if (limit < 1 || limit > 200) {
            throw InvalidRequestException.field("limit", "must be between 1 and 200");
        }
        List<Criteria> filters = new ArrayList<>();
        filters.add(Criteria.where("subscriptionId").is(id));
        if (status != null) {
            if (!List.of(WebhookDelivery.PENDING, WebhookDelivery.DELIVERED, WebhookDelivery.FAILED,
                    WebhookDelivery.CANCELLED).contains(status)) {
                throw InvalidRequestException.field("status", "must be pending, delivered, failed or cancelled");
            }
            filters.add(Criteria.where("status").is(status));
        }
        if (cursor != null) {
            filters.add(NEWEST_FIRST.after(cursor));
        }
        Query query = Query.query(new Criteria().andOperator(filters))
                .with(NEWEST_FIRST.sort()).limit(limit + 1);
        List<WebhookDelivery> fetched = mongo.find(query, WebhookDelivery.class);
        CursorPage<WebhookDelivery> page = NEWEST_FIRST.page(fetched, limit, WebhookDelivery::createdAt, WebhookDelivery::id);
        return new CursorPage<>(page.items().stream().map(DeliveryResponse::of).toList(), page.nextCursor());
    }

    /** A delivery in the log (without the payload). */
    record DeliveryResponse(String id, String eventId, String eventType, String subject, String status,
                            int attemptCount, List<WebhookDelivery.Attempt> attempts, Instant nextAttemptAt,
                            Instant createdAt, Instant deliveredAt, String lastError) {

        static DeliveryResponse of(WebhookDelivery d) {
            return new DeliveryResponse(d.id(), d.eventId(), d.eventType(), d.subject(), d.status(), d.attemptCount(),
                    d.attempts() == null ? List.of() : d.attempts(),
                    WebhookDelivery.PENDING.equals(d.status()) ? d.nextAttemptAt() : null, d.createdAt(),
                    d.deliveredAt(), d.lastError());
        }
    }
}
