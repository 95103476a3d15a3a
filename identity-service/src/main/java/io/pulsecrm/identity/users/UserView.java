package io.pulsecrm.identity.users;

import java.util.List;

import io.pulsecrm.platform.identity.Member;

/** A member as the API shows them: never the password. {@code managerId} is their team's manager, null for that manager. */
public record UserView(String id, String name, String email, List<String> roles, String team, String managerId) {

    static UserView of(Member member, String managerId) {
        return new UserView(member.id(), member.name(), member.email(), member.roles(), member.team(), managerId);
    }
}
