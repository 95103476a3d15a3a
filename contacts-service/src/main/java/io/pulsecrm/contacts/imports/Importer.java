package io.pulsecrm.contacts.imports;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.pulsecrm.platform.identity.Caller;
import io.pulsecrm.platform.security.CurrentCaller;
import io.pulsecrm.platform.identity.Role;

/**
 * Who uploaded an import, as their token said: the job is theirs (and admins') to see, and its rows are processed
 * with their rights, in the background, long after their request: the same visibility and owner-assignment rules
 * as if they had created each contact through the API, and the same actor on the events.
 *
 * @param kind   {@code USER} or {@code CLIENT}
 * @param roles  role claim values ({@code rep}, {@code manager}, {@code admin}); empty for partner clients
 * @param scopes the scopes of a partner client
 */
record Importer(String kind, String id, List<String> roles, String team, List<String> scopes) {

    static Importer of(Caller caller) {
        return new Importer(caller.kind().name(), caller.id(), caller.roles().stream().map(Role::claimValue).toList(),
                caller.team(), List.copyOf(caller.scopes()));
    }

    Caller caller() {
        return Caller.fromClaims(claims());
    }

    /** Whether {@code caller} may see the job: its importer, or an admin. */
    boolean visibleTo(Caller caller) {
        Caller importer = caller();
        return caller.is(Role.ADMIN) || (caller.kind() == importer.kind() && caller.id().equals(importer.id()));
    }

    /**
     * Runs work as the importer: {@code CurrentCaller} (hence {@code Visibility}) answers with the importer, and the
     * events the work causes name them as their actor. Nothing is signed: the claims were read from a token the
     * service validated when the job was created.
     */
    <T> T runAs(Supplier<T> work) {
        return CurrentCaller.runAs(caller(), work);
    }

    private Map<String, Object> claims() {
        Map<String, Object> claims = new java.util.LinkedHashMap<>();
        claims.put(Caller.SUBJECT_CLAIM, id);
        if (Caller.Kind.USER.name().equals(kind)) {
            claims.put(Caller.ROLES_CLAIM, new ArrayList<>(roles == null ? List.of() : roles));
            if (team != null) {
                claims.put(Caller.TEAM_CLAIM, team);
            }
        }
        if (scopes != null && !scopes.isEmpty()) {
            claims.put(Caller.SCOPE_CLAIM, String.join(" ", scopes));
        }
        return claims;
    }
}
