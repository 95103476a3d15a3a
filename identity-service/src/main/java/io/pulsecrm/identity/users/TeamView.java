package io.pulsecrm.identity.users;

import java.util.List;

/** A team with the ids of its members (its manager included when in it), sorted. */
public record TeamView(String id, String name, String managerId, List<String> memberIds) {
}
