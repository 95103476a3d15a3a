package io.pulsecrm.notification.push;

import java.util.Set;

import io.pulsecrm.platform.identity.Caller;
import io.pulsecrm.platform.security.OwnerScope;

/**
 * Who may see a changed record, in the terms of the services' visibility rules (docs/identity.md): every viewer
 * whose owner scope includes one of {@code owners} (its owner now, and before a change of owner: both saw it), the
 * named {@code users} (a task's creator), and anyone when the record has no owner (the shared pool) or is
 * configuration ({@code anyone}). Viewers who see all records (admins) see every change.
 */
public record RecordAudience(boolean anyone, Set<String> owners, Set<String> users) {

    public RecordAudience {
        owners = Set.copyOf(owners);
        users = Set.copyOf(users);
    }

    public static RecordAudience everyone() {
        return new RecordAudience(true, Set.of(), Set.of());
    }

    /** The owner is not known (an event that names none, of a record this replica has not seen before). */
    public static RecordAudience unknownOwner() {
        return new RecordAudience(false, Set.of(), Set.of());
    }

    public boolean visibleTo(Caller viewer, OwnerScope scope) {
        return anyone || scope.isAll() || users.contains(viewer.id()) || owners.stream().anyMatch(scope::includes);
    }
}
