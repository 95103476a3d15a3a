package io.pulsecrm.platform.identity;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** One consistent snapshot of the directory file: teams, members and the issuer's registered clients. */
public record Directory(List<Team> teams, List<Member> users, List<PartnerClient> clients) {

    public Directory {
        teams = teams == null ? List.of() : List.copyOf(teams);
        users = users == null ? List.of() : List.copyOf(users);
        clients = clients == null ? List.of() : List.copyOf(clients);
        requireUnique(users.stream().map(Member::id).toList(), "user");
        requireUnique(teams.stream().map(Team::id).toList(), "team");
        requireUnique(clients.stream().map(PartnerClient::id).toList(), "client");
        Set<String> teamIds = teams.stream().map(Team::id).collect(Collectors.toSet());
        for (Member member : users) {
            if (member.id() == null || member.id().isBlank()) {
                throw new IllegalArgumentException("every user needs an id");
            }
            if (member.team() != null && !teamIds.contains(member.team())) {
                throw new IllegalArgumentException("user " + member.id() + " is in unknown team " + member.team());
            }
            for (String role : member.roles()) {
                if (Role.fromClaim(role).isEmpty()) {
                    throw new IllegalArgumentException("user " + member.id() + " has unknown role " + role);
                }
            }
        }
    }

    public static Directory empty() {
        return new Directory(List.of(), List.of(), List.of());
    }

    public Optional<Member> user(String id) {
        return users.stream().filter(member -> member.id().equals(id)).findFirst();
    }

    public Optional<Team> team(String id) {
        return teams.stream().filter(team -> team.id().equals(id)).findFirst();
    }

    public Optional<PartnerClient> client(String id) {
        return clients.stream().filter(client -> client.id().equals(id)).findFirst();
    }

    private static void requireUnique(List<String> ids, String kind) {
        Set<String> seen = new java.util.HashSet<>();
        for (String id : ids) {
            if (!seen.add(id)) {
                throw new IllegalArgumentException("duplicate " + kind + " id " + id);
            }
        }
    }
}
