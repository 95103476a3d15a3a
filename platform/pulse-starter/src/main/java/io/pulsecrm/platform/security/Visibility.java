package io.pulsecrm.platform.security;

import java.util.HashSet;
import java.util.Set;

import io.pulsecrm.platform.aggregate.AggregateNotFoundException;
import io.pulsecrm.platform.identity.Caller;
import io.pulsecrm.platform.identity.Role;
import io.pulsecrm.platform.identity.UserDirectory;
import io.pulsecrm.platform.web.InvalidRequestException;

/**
 * Record visibility and ownership rules of docs/identity.md, for services to apply in their own queries:
 * admins and partner clients see every owner's records, managers their team's, reps their own (and their
 * team's where the organisation allows it). A record the caller may not see is reported as not existing.
 */
public class Visibility {

    private final UserDirectory directory;
    private final boolean repsSeeTeamRecords;

    public Visibility(UserDirectory directory, boolean repsSeeTeamRecords) {
        this.directory = directory;
        this.repsSeeTeamRecords = repsSeeTeamRecords;
    }

    public UserDirectory directory() {
        return directory;
    }

    /** Whose records the current caller sees. */
    public OwnerScope scope() {
        return scopeOf(CurrentCaller.get());
    }

    public OwnerScope scopeOf(Caller caller) {
        if (caller.isClient() || caller.is(Role.ADMIN)) {
            return OwnerScope.all();
        }
        Set<String> owners = new HashSet<>();
        owners.add(caller.id());
        if (caller.is(Role.MANAGER) || repsSeeTeamRecords) {
            owners.addAll(directory.memberIds(caller.team()));
        }
        return OwnerScope.of(owners);
    }

    /** @throws AggregateNotFoundException when the current caller may not see a record of this owner */
    public void requireVisible(String ownerId, String recordType, String recordId) {
        if (!scope().includes(ownerId)) {
            throw new AggregateNotFoundException(recordType, recordId);
        }
    }

    /** The owner of a record created without one: the member creating it; partner clients leave it unowned. */
    public String defaultOwner() {
        Caller caller = CurrentCaller.get();
        return caller.isUser() ? caller.id() : null;
    }

    /**
     * Checks that the current caller may give a record to {@code ownerId} (on create or reassignment): the
     * user must exist; reps may only own records themselves, managers assign within their team.
     *
     * @param field the request field naming the owner, for the 400 that an unknown user gets
     */
    public void requireAssignable(String ownerId, String field) {
        if (ownerId == null) {
            return;
        }
        if (!directory.isKnown(ownerId)) {
            throw InvalidRequestException.field(field, "unknown user " + ownerId);
        }
        Caller caller = CurrentCaller.get();
        if (caller.isClient() || caller.is(Role.ADMIN) || ownerId.equals(caller.id())) {
            return;
        }
        if (caller.is(Role.MANAGER) && directory.memberIds(caller.team()).contains(ownerId)) {
            return;
        }
        throw new ForbiddenException(caller.is(Role.MANAGER)
                ? "Managers assign records to members of their own team only"
                : "Only managers and admins assign records to someone else");
    }

    /**
     * {@link #requireAssignable} for a change of owner; keeping the current owner is always allowed. Giving a
     * record up to the shared pool (no owner) is a reassignment too: managers of the owner's team and admins.
     */
    public void requireReassignable(String currentOwnerId, String newOwnerId, String field) {
        if (java.util.Objects.equals(newOwnerId, currentOwnerId)) {
            return;
        }
        if (newOwnerId == null) {
            Caller caller = CurrentCaller.get();
            boolean managesOwner = caller.is(Role.MANAGER) && directory.memberIds(caller.team()).contains(currentOwnerId);
            if (!(caller.isClient() || caller.is(Role.ADMIN) || managesOwner)) {
                throw new ForbiddenException("Only managers and admins give records up to the shared pool");
            }
            return;
        }
        requireAssignable(newOwnerId, field);
    }
}
