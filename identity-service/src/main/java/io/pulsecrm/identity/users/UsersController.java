package io.pulsecrm.identity.users;

import java.util.List;

import io.pulsecrm.platform.identity.Member;
import io.pulsecrm.platform.identity.Role;
import io.pulsecrm.platform.identity.UserDirectory;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The users directory, read-only: who is who, in which team, under which manager (docs/identity.md). */
@RestController
@RequestMapping("/api")
class UsersController {

    private final UserDirectory directory;

    UsersController(UserDirectory directory) {
        this.directory = directory;
    }

    /** Members matching a text (id, name or email, case-insensitive), a team and a role; every one by default. */
    @GetMapping("/users")
    List<UserView> search(@RequestParam(required = false) String q,
                          @RequestParam(required = false) String team,
                          @RequestParam(required = false) String role) {
        Role wanted = role == null || role.isBlank() ? null : Role.fromClaim(role).orElseThrow(() -> problem(
                HttpStatus.BAD_REQUEST, "Unknown role", "role must be admin, manager or rep, got " + role));
        return directory.search(q, team == null || team.isBlank() ? null : team, wanted).stream()
                .map(this::view)
                .toList();
    }

    @GetMapping("/users/{id}")
    UserView user(@PathVariable String id) {
        return directory.find(id).map(this::view).orElseThrow(() -> problem(
                HttpStatus.NOT_FOUND, "User not found", "no user " + id + " in the directory"));
    }

    @GetMapping("/teams")
    List<TeamView> teams() {
        return directory.snapshot().teams().stream()
                .map(team -> new TeamView(team.id(), team.name(), team.managerId(),
                        directory.memberIds(team.id()).stream().sorted().toList()))
                .toList();
    }

    private UserView view(Member member) {
        return UserView.of(member, directory.managerOf(member.id()).map(Member::id).orElse(null));
    }

    private static ErrorResponseException problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return new ErrorResponseException(status, problem, null);
    }
}
