package io.pulsecrm.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileUserDirectoryTest {

    private static final String DIRECTORY = """
            teams:
              - {id: east, name: East, managerId: maria}
            users:
              - {id: maria, name: Maria M, email: maria@x.example, roles: [manager], team: east, password: "{noop}m"}
              - {id: ada, name: Ada Lovelace, email: ada@x.example, roles: [rep], team: east}
              - {id: alex, name: Alex, email: alex@x.example, roles: [admin]}
            clients:
              - {id: erp, secret: "{noop}s", grants: [client_credentials], scopes: [events:read], accessTokenTtl: PT2S}
            """;

    @TempDir
    Path dir;

    @Test
    void answersTeamsManagersAndSearches() {
        UserDirectory directory = () -> FileUserDirectory.parse(stream(DIRECTORY));

        assertThat(directory.memberIds("east")).containsExactlyInAnyOrder("maria", "ada");
        assertThat(directory.managerOf("ada")).map(Member::id).contains("maria");
        assertThat(directory.managerOf("maria")).isEmpty();
        assertThat(directory.managerOf("alex")).isEmpty();
        assertThat(directory.search("LOVE", null, null)).extracting(Member::id).containsExactly("ada");
        assertThat(directory.search(null, null, Role.ADMIN)).extracting(Member::id).containsExactly("alex");
        assertThat(directory.snapshot().client("erp").orElseThrow().accessTokenTtl()).isEqualTo(Duration.ofSeconds(2));
        assertThat(directory.isKnown("nobody")).isFalse();
    }

    @Test
    void rejectsInconsistentFiles() {
        assertThatThrownBy(() -> FileUserDirectory.parse(stream("users: [{id: a, roles: [rep], team: nowhere}]")))
                .hasMessageContaining("unknown team nowhere");
        assertThatThrownBy(() -> FileUserDirectory.parse(stream("users: [{id: a, roles: [boss]}]")))
                .hasMessageContaining("unknown role boss");
        assertThatThrownBy(() -> FileUserDirectory.parse(stream("users: [{id: a}, {id: a}]")))
                .hasMessageContaining("duplicate user id a");
    }

    @Test
    void reloadsAChangedFileAndKeepsTheLastGoodOneWhenTheChangeIsBroken() throws Exception {
        Path file = dir.resolve("directory.yaml");
        Files.writeString(file, DIRECTORY);
        ManualClock clock = new ManualClock();
        FileUserDirectory directory = FileUserDirectory.watching(file, Duration.ofSeconds(1), clock);

        Files.writeString(file, DIRECTORY.replace("clients:", "  - {id: bob, roles: [rep], team: east}\nclients:"));
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(directory.isKnown("bob")).as("not re-checked before the interval").isFalse();

        clock.advance(Duration.ofSeconds(2));
        assertThat(directory.isKnown("bob")).isTrue();

        Files.writeString(file, "users: [{id: x, roles: [nonsense]}]");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
        clock.advance(Duration.ofSeconds(2));
        assertThat(directory.isKnown("bob")).as("a broken file leaves the last good directory").isTrue();
    }

    @Test
    void callersFromTokenClaims() {
        Caller user = Caller.fromClaims(Map.of("sub", "ada", "roles", java.util.List.of("rep"), "team", "east",
                "scope", "openid profile"));
        Caller client = Caller.fromClaims(Map.of("sub", "erp", "scope", java.util.List.of("events:read")));

        assertThat(user.isUser()).isTrue();
        assertThat(user.is(Role.REP)).isTrue();
        assertThat(user.is(Role.ADMIN)).isFalse();
        assertThat(user.actor()).isEqualTo("ada");
        assertThat(user.scopes()).containsExactlyInAnyOrder("openid", "profile");
        assertThat(client.isClient()).isTrue();
        assertThat(client.hasScope("events:read")).isTrue();
        assertThat(client.is(Role.ADMIN)).isFalse();
        assertThat(client.actor()).isEqualTo("client:erp");
    }

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
