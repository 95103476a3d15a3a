package io.pulsecrm.deals.deals;

import java.util.Set;

import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.identity.Member;
import io.pulsecrm.platform.security.OwnerScope;
import io.pulsecrm.platform.security.Visibility;
import io.pulsecrm.platform.web.InvalidRequestException;
import org.springframework.stereotype.Component;

/**
 * Record visibility for deals (docs/identity.md): admins and partner clients see every deal, managers their
 * team's, reps their own. A deal the caller may not see does not exist for them (404); lists, the board and
 * analytics restrict their queries to the visible owners.
 */
@Component
public class DealAccess {

    private final AggregateStore store;
    private final Visibility visibility;

    DealAccess(AggregateStore store, Visibility visibility) {
        this.store = store;
        this.visibility = visibility;
    }

    /** The deal, if the caller may see it; otherwise the same 404 as for a deal that does not exist. */
    public Deal visibleDeal(String id) {
        Deal deal = store.get(Deal.class, id);
        visibility.requireVisible(deal.ownerId(), "deal", id);
        return deal;
    }

    /** Whose deals the caller sees, for Mongo criteria ({@link OwnerScope#restrict}). */
    public OwnerScope scope() {
        return visibility.scope();
    }

    /** The owners whose deals count in the caller's board and analytics figures; null for all. */
    public Set<String> visibleOwnerIds() {
        return visibility.scope().ownerIdsOrNull();
    }

    /**
     * The members of a team, for figures "by team": a team is its people (the directory), so won, lost and
     * conversion figures follow the team like the open pipeline does. An unknown team is a 400 on {@code teamId}.
     */
    public Set<String> teamMemberIds(String teamId) {
        if (visibility.directory().snapshot().team(teamId).isEmpty()) {
            throw InvalidRequestException.field("teamId", "unknown team");
        }
        return visibility.directory().memberIds(teamId);
    }

    /** The owner of a new deal: the one asked for, else the calling user (partner clients must name one). */
    String ownerForNewDeal(String requested) {
        return requested == null || requested.isBlank() ? visibility.defaultOwner() : requested;
    }

    /** The team a new deal belongs to when none is named: its owner's (null for an owner without a team). */
    String teamOf(String ownerId) {
        return visibility.directory().find(ownerId).map(Member::team).orElse(null);
    }

    /** Checks the owner of a new deal: a known user the caller may give deals to (reps: themselves). */
    void requireAssignable(String owner) {
        visibility.requireAssignable(owner, "ownerId");
    }

    /** Checks a change of owner: reps may not, managers within their team, admins and clients to anyone known. */
    void requireReassignable(String currentOwner, String newOwner) {
        visibility.requireReassignable(currentOwner, newOwner, "ownerId");
    }
}
