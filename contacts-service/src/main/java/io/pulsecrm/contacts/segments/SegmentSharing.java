package io.pulsecrm.contacts.segments;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.pulsecrm.platform.identity.Caller;
import io.pulsecrm.platform.identity.Role;
import io.pulsecrm.platform.security.Visibility;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.stereotype.Component;

/**
 * Who sees and who changes a segment. {@code private}: its owner; {@code team}: every member of the owner's team
 * (their team now, as the directory says); {@code everyone}: every member. Admins and partner clients see all. A
 * segment is changed by its owner, admins and partner clients, and by the managers of the owner's team once it is
 * shared (team or everyone). Seeing a segment never widens what its evaluation shows: that is the caller's own
 * contact visibility.
 */
@Component
class SegmentSharing {

    static final String PRIVATE = "private";
    static final String TEAM = "team";
    static final String EVERYONE = "everyone";
    static final List<String> MODES = List.of(PRIVATE, TEAM, EVERYONE);

    private final Visibility visibility;

    SegmentSharing(Visibility visibility) {
        this.visibility = visibility;
    }

    boolean sees(Segment segment, Caller caller) {
        return seesAll(caller) || caller.id().equals(segment.ownerId()) || EVERYONE.equals(segment.sharing())
                || (TEAM.equals(segment.sharing()) && team(caller).contains(segment.ownerId()));
    }

    boolean edits(Segment segment, Caller caller) {
        return seesAll(caller) || caller.id().equals(segment.ownerId()) || managesSharedSegment(segment, caller);
    }

    /** A manager editing a member's shared segment: may not take it away from the team (make it private). */
    boolean managesSharedSegment(Segment segment, Caller caller) {
        return caller.is(Role.MANAGER) && !PRIVATE.equals(segment.sharing()) && !caller.id().equals(segment.ownerId())
                && team(caller).contains(segment.ownerId());
    }

    /** The segments the caller sees, as a query restriction; null when they see all. */
    Criteria visible(Caller caller) {
        if (seesAll(caller)) {
            return null;
        }
        List<Criteria> any = new ArrayList<>();
        any.add(Criteria.where("ownerId").is(caller.id()));
        any.add(Criteria.where("sharing").is(EVERYONE));
        Set<String> team = team(caller);
        if (!team.isEmpty()) {
            any.add(new Criteria().andOperator(Criteria.where("sharing").is(TEAM), Criteria.where("ownerId").in(team)));
        }
        return new Criteria().orOperator(any);
    }

    private static boolean seesAll(Caller caller) {
        return caller.isClient() || caller.is(Role.ADMIN);
    }

    private Set<String> team(Caller caller) {
        return visibility.directory().memberIds(caller.team());
    }
}
