package io.pulsecrm.contacts.access;

import java.util.Objects;

import io.pulsecrm.platform.identity.Caller;
import io.pulsecrm.platform.identity.Role;
import io.pulsecrm.platform.security.CurrentCaller;
import io.pulsecrm.platform.security.ForbiddenException;
import io.pulsecrm.platform.security.OwnerScope;
import io.pulsecrm.platform.security.Visibility;
import org.springframework.stereotype.Component;

/**
 * The identity rules of docs/identity.md as this service applies them to its owned records (contacts and
 * companies): which owners the caller sees, who a new record belongs to, who may give a record to someone else.
 * A record the caller may not see is answered as if it did not exist (404), never with 403.
 */
@Component
public class RecordAccess {

    private final Visibility visibility;

    public RecordAccess(Visibility visibility) {
        this.visibility = visibility;
    }

    /** The id of the user with this id or email (files from other systems name people by email); else the text as given. */
    public String userIdOf(String idOrEmail) {
        return visibility.directory().findByIdOrEmail(idOrEmail).map(io.pulsecrm.platform.identity.Member::id).orElse(idOrEmail);
    }

    /** Whose records the current caller sees; to be applied inside every query. */
    public OwnerScope scope() {
        return visibility.scope();
    }

    /** @throws io.pulsecrm.platform.aggregate.AggregateNotFoundException when the caller may not see the record */
    public void requireVisible(String ownerId, String type, String id) {
        visibility.requireVisible(ownerId, type, id);
    }

    /**
     * The owner of a record being created: the one requested, if the caller may give records to them (an unknown
     * user is a 400 on {@code field}, someone the caller may not assign to a 403), else the caller themselves
     * (partner clients leave it unowned: the shared pool).
     */
    public String ownerOfNew(String requested, String field) {
        if (requested == null) {
            return visibility.defaultOwner();
        }
        visibility.requireAssignable(requested, field);
        return requested;
    }

    /** Checks that the caller may give records to {@code ownerId} (null: nobody, the shared pool). */
    public void requireAssignable(String ownerId, String field) {
        visibility.requireAssignable(ownerId, field);
    }

    /**
     * Checks a change of owner: managers within their team, admins and partner clients to anyone known; reps may
     * only take an unowned record for themselves. Taking the owner away (back to the shared pool) is a change of
     * owner too.
     */
    public void requireOwnerChange(String currentOwner, String newOwner, String field) {
        if (Objects.equals(currentOwner, newOwner)) {
            return;
        }
        if (newOwner == null) {
            Caller caller = CurrentCaller.get();
            if (caller.isUser() && !caller.is(Role.ADMIN) && !caller.is(Role.MANAGER)) {
                throw new ForbiddenException("Only managers and admins reassign records");
            }
            return;
        }
        visibility.requireReassignable(currentOwner, newOwner, field);
    }

    /** For operations on several people's records at once (merge): managers and admins only. */
    public void requireManagerOrAdmin(String operation) {
        Caller caller = CurrentCaller.get();
        if (!caller.is(Role.ADMIN) && !caller.is(Role.MANAGER)) {
            throw new ForbiddenException("Only managers and admins " + operation);
        }
    }
}
