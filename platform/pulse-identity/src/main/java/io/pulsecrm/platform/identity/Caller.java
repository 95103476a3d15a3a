package io.pulsecrm.platform.identity;

import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who is making a request, as their access token says: a member of the sales organisation (a token with
 * {@code roles}) or a partner application (a client-credentials token: no roles, only scopes).
 *
 * @param id    the token's subject: a user id or a client id
 * @param team  the member's team, null for clients and members without one
 */
public record Caller(Kind kind, String id, Set<Role> roles, String team, Set<String> scopes) {

    public static final String ROLES_CLAIM = "roles";
    public static final String TEAM_CLAIM = "team";
    public static final String SCOPE_CLAIM = "scope";
    public static final String SUBJECT_CLAIM = "sub";

    public enum Kind { USER, CLIENT }

    public Caller {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        scopes = Set.copyOf(scopes);
    }

    /** Reads the claims of a validated token (docs/identity.md, "Tokens"). */
    public static Caller fromClaims(Map<String, Object> claims) {
        String subject = String.valueOf(claims.get(SUBJECT_CLAIM));
        Set<String> scopes = strings(claims.get(SCOPE_CLAIM));
        Object rolesClaim = claims.get(ROLES_CLAIM);
        if (rolesClaim == null) {
            return new Caller(Kind.CLIENT, subject, Set.of(), null, scopes);
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String role : strings(rolesClaim)) {
            Role.fromClaim(role).ifPresent(roles::add);
        }
        Object team = claims.get(TEAM_CLAIM);
        return new Caller(Kind.USER, subject, roles, team == null ? null : team.toString(), scopes);
    }

    public static Caller user(String id, Role role, String team) {
        return new Caller(Kind.USER, id, Set.of(role), team, Set.of());
    }

    /** A member of the directory as they are when signed in (their roles and team), to ask what they would see. */
    public static Caller of(Member member) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        member.roles().forEach(role -> Role.fromClaim(role).ifPresent(roles::add));
        return new Caller(Kind.USER, member.id(), roles, member.team(), Set.of());
    }

    public boolean isUser() {
        return kind == Kind.USER;
    }

    public boolean isClient() {
        return kind == Kind.CLIENT;
    }

    public boolean is(Role role) {
        return isUser() && roles.contains(role);
    }

    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }

    /** The actor named on the events this caller causes: the user id, or {@code client:<id>}. */
    public String actor() {
        return isClient() ? "client:" + id : id;
    }

    /** The claims a token for this caller carries, the reverse of {@link #fromClaims}. */
    public Map<String, Object> claims() {
        Map<String, Object> claims = new java.util.LinkedHashMap<>();
        claims.put(SUBJECT_CLAIM, id);
        if (isUser()) {
            claims.put(ROLES_CLAIM, roles.stream().map(Role::claimValue).sorted().toList());
            if (team != null) {
                claims.put(TEAM_CLAIM, team);
            }
        }
        if (!scopes.isEmpty()) {
            claims.put(SCOPE_CLAIM, String.join(" ", new java.util.TreeSet<>(scopes)));
        }
        return claims;
    }

    /** A space-separated ({@code "a b"}) or list-valued claim as a set of strings. */
    private static Set<String> strings(Object claim) {
        if (claim == null) {
            return Set.of();
        }
        Collection<?> values = claim instanceof Collection<?> collection ? collection
                : List.of(claim.toString().trim().split("\\s+"));
        Set<String> result = new LinkedHashSet<>();
        for (Object value : values) {
            if (value != null && !value.toString().isBlank()) {
                result.add(value.toString());
            }
        }
        return result;
    }
}
