package io.pulsecrm.automation.rules;

import io.pulsecrm.platform.aggregate.AggregateNotFoundException;
import io.pulsecrm.platform.identity.Caller;
import io.pulsecrm.platform.identity.Role;
import io.pulsecrm.platform.security.CurrentCaller;
import io.pulsecrm.platform.security.ForbiddenException;
import io.pulsecrm.platform.security.Visibility;
import io.pulsecrm.platform.web.InvalidRequestException;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.stereotype.Component;

/**
 * Who may do what with rules and runs (README, "Access"): admins and partner clients (scope
 * {@code automation:read|write}) everything; managers the rules of their own team and those rules' runs; reps
 * nothing (403: automation is configuration). Organisation-wide rules (no team) are for admins and clients.
 * A rule or run the caller may not see answers 404, like a missing one.
 */
@Component
public class RuleAccess {

    private final Visibility visibility;

    RuleAccess(Visibility visibility) {
        this.visibility = visibility;
    }

    /** @throws ForbiddenException for reps */
    public Caller requireManagerOrAdmin() {
        Caller caller = CurrentCaller.get();
        if (caller.isClient() || caller.is(Role.ADMIN) || caller.is(Role.MANAGER)) {
            return caller;
        }
        throw new ForbiddenException("Automation rules are managed by admins and managers; reps have no access");
    }

    /** The team restriction of queries for the caller: null for everything, else the manager's team. */
    public Criteria teamRestriction(String teamField) {
        Caller caller = requireManagerOrAdmin();
        if (caller.isClient() || caller.is(Role.ADMIN)) {
            return null;
        }
        return Criteria.where(teamField).is(caller.team() == null ? "\u0000no-team" : caller.team());
    }

    public boolean sees(String team) {
        Caller caller = requireManagerOrAdmin();
        return caller.isClient() || caller.is(Role.ADMIN) || team != null && team.equals(caller.team());
    }

    public void requireVisible(String team, String type, String id) {
        if (!sees(team)) {
            throw new AggregateNotFoundException(type, id);
        }
    }

    /**
     * The team of a rule being created or moved: admins and clients name any team of the directory or none
     * (organisation-wide); managers get their own team and may not name another.
     */
    public String teamFor(String requested) {
        Caller caller = requireManagerOrAdmin();
        if (caller.isClient() || caller.is(Role.ADMIN)) {
            if (requested != null && visibility.directory().snapshot().team(requested).isEmpty()) {
                throw InvalidRequestException.field("team", "unknown team " + requested);
            }
            return requested;
        }
        if (caller.team() == null) {
            throw new ForbiddenException("Managers without a team cannot own rules");
        }
        if (requested != null && !requested.equals(caller.team())) {
            throw new ForbiddenException("Managers manage the rules of their own team (" + caller.team() + ") only");
        }
        return caller.team();
    }

    /** Webhook actions reach outside the platform: admins and clients only. */
    public boolean mayCallWebhooks() {
        Caller caller = requireManagerOrAdmin();
        return caller.isClient() || caller.is(Role.ADMIN);
    }

    /** The actor named on rules the caller changes. */
    public String actor() {
        return CurrentCaller.get().actor();
    }
}
