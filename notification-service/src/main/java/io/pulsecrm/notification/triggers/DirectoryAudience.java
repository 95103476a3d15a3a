package io.pulsecrm.notification.triggers;

import java.util.List;
import java.util.Optional;

import io.pulsecrm.platform.identity.Caller;
import io.pulsecrm.platform.identity.Member;
import io.pulsecrm.platform.identity.UserDirectory;
import io.pulsecrm.platform.security.Visibility;
import org.springframework.stereotype.Component;

/**
 * {@link TriggerRules.Audience} from the users directory ({@code visibility.directory()}), with the visibility
 * rules deciding which team members may hear of a teammate's record.
 */
@Component
class DirectoryAudience implements TriggerRules.Audience {

    private final Visibility visibility;

    DirectoryAudience(Visibility visibility) {
        this.visibility = visibility;
    }

    @Override
    public Optional<String> managerOf(String userId) {
        return visibility.directory().managerOf(userId).map(Member::id);
    }

    @Override
    public List<String> teamWatchers(String ownerId) {
        UserDirectory directory = visibility.directory();
        String team = directory.find(ownerId).map(Member::team).orElse(null);
        if (team == null) {
            return List.of();
        }
        return directory.memberIds(team).stream()
                .filter(memberId -> !memberId.equals(ownerId))
                .sorted()
                .flatMap(memberId -> directory.find(memberId).stream())
                .filter(member -> visibility.scopeOf(Caller.of(member)).includes(ownerId))
                .map(Member::id)
                .toList();
    }

    @Override
    public String displayName(String userId) {
        return visibility.directory().find(userId).map(Member::name).filter(name -> !name.isBlank()).orElse(userId);
    }
}
