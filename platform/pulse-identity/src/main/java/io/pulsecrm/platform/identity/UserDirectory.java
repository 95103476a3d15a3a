package io.pulsecrm.platform.identity;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The members of the sales organisation, their teams and managers: what visibility rules, assignee checks and
 * notifications need to know about people. Backed by a snapshot that its source may replace at any time.
 */
public interface UserDirectory {

    /** The current snapshot; never null. */
    Directory snapshot();

    default Optional<Member> find(String userId) {
        return userId == null ? Optional.empty() : snapshot().user(userId);
    }

    /**
     * The member with this id, else with this email (case-insensitively): files from other systems name people by
     * email.
     */
    default Optional<Member> findByIdOrEmail(String idOrEmail) {
        if (idOrEmail == null || idOrEmail.isBlank()) {
            return Optional.empty();
        }
        String wanted = idOrEmail.strip();
        return find(wanted).or(() -> snapshot().users().stream()
                .filter(member -> member.email() != null && member.email().equalsIgnoreCase(wanted)).findFirst());
    }

    default boolean isKnown(String userId) {
        return find(userId).isPresent();
    }

    /** Ids of the members of a team (its manager included when they are in it). */
    default Set<String> memberIds(String teamId) {
        if (teamId == null) {
            return Set.of();
        }
        return snapshot().users().stream()
                .filter(member -> teamId.equals(member.team()))
                .map(Member::id)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The manager of the user's team, unless the user is that manager. */
    default Optional<Member> managerOf(String userId) {
        Directory directory = snapshot();
        return directory.user(userId)
                .flatMap(member -> member.team() == null ? Optional.empty() : directory.team(member.team()))
                .map(Team::managerId)
                .filter(managerId -> !managerId.equals(userId))
                .flatMap(directory::user);
    }

    /** Members matching a case-insensitive text (in id, name or email), a team and a role; all when null. */
    default List<Member> search(String text, String teamId, Role role) {
        String needle = text == null ? null : text.toLowerCase(Locale.ROOT).strip();
        return snapshot().users().stream()
                .filter(member -> teamId == null || teamId.equals(member.team()))
                .filter(member -> role == null || member.hasRole(role))
                .filter(member -> needle == null || needle.isEmpty() || matches(member, needle))
                .toList();
    }

    private static boolean matches(Member member, String needle) {
        return contains(member.id(), needle) || contains(member.name(), needle) || contains(member.email(), needle);
    }

    private static boolean contains(String value, String needle) {
        return value != null && value.toLowerCase(Locale.ROOT).contains(needle);
    }
}
