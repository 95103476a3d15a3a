package io.pulsecrm.automation.rules;

import io.pulsecrm.platform.identity.Member;
import io.pulsecrm.platform.identity.UserDirectory;

/** {@link RulePeople} as the users directory knows them now. */
public record DirectoryPeople(UserDirectory directory) implements RulePeople {

    @Override
    public boolean isUser(String userId) {
        return directory.isKnown(userId);
    }

    @Override
    public boolean isTeam(String teamId) {
        return teamId != null && directory.snapshot().team(teamId).isPresent();
    }

    @Override
    public String teamOf(String userId) {
        return directory.find(userId).map(Member::team).orElse(null);
    }
}
