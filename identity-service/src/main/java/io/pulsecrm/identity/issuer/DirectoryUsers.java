package io.pulsecrm.identity.issuer;

import java.util.Locale;

import io.pulsecrm.platform.identity.UserDirectory;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/** The login users: members of the directory that have a password, read from the current snapshot. */
final class DirectoryUsers implements UserDetailsService {

    private final UserDirectory directory;

    DirectoryUsers(UserDirectory directory) {
        this.directory = directory;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return directory.find(username)
                .filter(member -> member.password() != null && !member.password().isBlank())
                .map(member -> User.withUsername(member.id())
                        .password(member.password())
                        .authorities(member.roles().stream()
                                .map(role -> "ROLE_" + role.toUpperCase(Locale.ROOT))
                                .toArray(String[]::new))
                        .build())
                .orElseThrow(() -> new UsernameNotFoundException("no user " + username + " with a password in the directory"));
    }
}
