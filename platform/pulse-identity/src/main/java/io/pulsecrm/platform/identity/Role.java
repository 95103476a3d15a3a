package io.pulsecrm.platform.identity;

import java.util.Locale;

/** What a member of the sales organisation may do; partner applications have scopes instead. */
public enum Role {
    /** Everything, including configuration. */
    ADMIN,
    /** Their team's records and reports; reassigns within the team. */
    MANAGER,
    /** The records they own. */
    REP;

    /** The name in tokens and in the directory file: {@code admin}, {@code manager}, {@code rep}. */
    public String claimValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static java.util.Optional<Role> fromClaim(String value) {
        for (Role role : values()) {
            if (role.claimValue().equalsIgnoreCase(value)) {
                return java.util.Optional.of(role);
            }
        }
        return java.util.Optional.empty();
    }
}
