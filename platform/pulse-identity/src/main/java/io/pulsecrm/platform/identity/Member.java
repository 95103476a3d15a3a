package io.pulsecrm.platform.identity;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A person in the sales organisation, as the directory lists them.
 *
 * @param password only the local issuer reads it (a Spring Security encoded password such as {@code {noop}ada});
 *                 never serialised
 */
public record Member(String id, String name, String email, List<String> roles, String team,
                     @JsonProperty(access = JsonProperty.Access.WRITE_ONLY) String password) {

    public Member {
        roles = roles == null ? List.of() : List.copyOf(roles);
    }

    public boolean hasRole(Role role) {
        return roles.stream().anyMatch(role.claimValue()::equalsIgnoreCase);
    }
}
