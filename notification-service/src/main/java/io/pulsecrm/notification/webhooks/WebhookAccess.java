package io.pulsecrm.notification.webhooks;

import io.pulsecrm.platform.identity.Caller;
import io.pulsecrm.platform.identity.Role;
import io.pulsecrm.platform.security.CurrentCaller;
import io.pulsecrm.platform.security.ForbiddenException;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.stereotype.Component;

/**
 * Who manages which webhook subscriptions (partner-scope management). Admins manage all of them. A partner
 * application reaches only the subscriptions it created ({@code createdBy = client:<id>}): {@code webhooks:read}
 * lists and reads them with their delivery logs, {@code webhooks:write} also creates, changes, deletes, rotates,
 * redelivers and replays (the platform checks the scopes per request); another's subscription is 404. Reps and
 * managers get 403: webhooks are an integration concern, not a sales one.
 * <p>
 * Receiving events is what the {@code events:read} scope grants (docs/identity.md), so an application also needs it
 * to create a subscription, or to widen or re-activate one.
 */
@Component
class WebhookAccess {

    static final String EVENTS_READ = "events:read";

    /** Whose subscriptions the caller reaches: null for all (admins), else the {@code createdBy} of its own. */
    Scope scope() {
        Caller caller = CurrentCaller.get();
        if (caller.isClient()) {
            return new Scope(caller, caller.actor());
        }
        if (caller.is(Role.ADMIN)) {
            return new Scope(caller, null);
        }
        throw new ForbiddenException("Webhook subscriptions are managed by admins and by partner applications "
                + "(scopes webhooks:read, webhooks:write)");
    }

    /**
     * The caller's reach.
     *
     * @param creator the {@code createdBy} its subscriptions carry, or null when it reaches all of them
     */
    record Scope(Caller caller, String creator) {

        /** Restricts a query to the subscriptions the caller reaches. */
        Criteria restrict(Criteria criteria) {
            return creator == null ? criteria : criteria.and("createdBy").is(creator);
        }

        /** Who is acting, as recorded in {@code createdBy} / {@code updatedBy}. */
        String actor() {
            return caller.actor();
        }

        /** @throws ForbiddenException an application without {@code events:read} would start receiving events */
        void requireMayReceiveEvents() {
            if (caller.isClient() && !caller.hasScope(EVENTS_READ)) {
                throw new ForbiddenException("Receiving events by webhook needs the " + EVENTS_READ + " scope");
            }
        }
    }
}
