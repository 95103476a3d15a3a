package io.pulsecrm.tasks.agenda;

import io.pulsecrm.platform.identity.Caller;
import io.pulsecrm.platform.identity.Role;
import io.pulsecrm.platform.security.CurrentCaller;
import io.pulsecrm.platform.security.ForbiddenException;
import io.pulsecrm.platform.security.Visibility;
import io.pulsecrm.platform.web.InvalidRequestException;
import org.springframework.stereotype.Component;

/**
 * Whose agenda and which team's workload the caller may look at. People are not secret (the users directory
 * lists them to every member), so asking about someone outside one's scope is a 403, not a 404.
 */
@Component
class AgendaAccess {

    private final Visibility visibility;

    AgendaAccess(Visibility visibility) {
        this.visibility = visibility;
    }

    /**
     * The assignee whose agenda is asked for: the caller by default; someone else only when they are in the
     * caller's scope (a manager's team; anyone for admins and partner clients).
     */
    String agendaOwner(String requested) {
        Caller caller = CurrentCaller.get();
        if (requested == null) {
            if (!caller.isUser()) {
                throw InvalidRequestException.field("assigneeId", "is required for a partner application");
            }
            return caller.id();
        }
        if (requested.equals(caller.id())) {
            return requested;
        }
        if (!visibility.directory().isKnown(requested)) {
            throw InvalidRequestException.field("assigneeId", "unknown user " + requested);
        }
        if (!visibility.scope().includes(requested)) {
            throw new ForbiddenException(caller.is(Role.MANAGER)
                    ? "Managers see the agendas of their own team's members only"
                    : "Reps see their own agenda only");
        }
        return requested;
    }

    /** The team whose workload is asked for: a manager's own; any named team for admins and partner clients. */
    String team(String requested) {
        Caller caller = CurrentCaller.get();
        if (caller.is(Role.ADMIN) || caller.isClient()) {
            if (requested == null || requested.isBlank()) {
                throw InvalidRequestException.field("team", "is required (the id of a team)");
            }
            return known(requested.strip());
        }
        if (!caller.is(Role.MANAGER)) {
            throw new ForbiddenException("The team view is for managers and admins");
        }
        if (caller.team() == null) {
            throw new ForbiddenException("The calling manager has no team");
        }
        if (requested != null && !requested.isBlank() && !requested.strip().equals(caller.team())) {
            throw new ForbiddenException("Managers see their own team's workload only");
        }
        return caller.team();
    }

    private String known(String team) {
        if (visibility.directory().snapshot().team(team).isEmpty()) {
            throw InvalidRequestException.field("team", "unknown team " + team);
        }
        return team;
    }
}
