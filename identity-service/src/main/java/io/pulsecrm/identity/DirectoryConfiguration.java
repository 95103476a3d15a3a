package io.pulsecrm.identity;

import java.nio.file.Files;

import io.pulsecrm.platform.identity.FileUserDirectory;
import io.pulsecrm.platform.identity.UserDirectory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The directory file shared with the services: the issuer's users and clients, and the users API's data. */
@Configuration(proxyBeanMethods = false)
class DirectoryConfiguration {

    @Bean
    UserDirectory userDirectory(IdentityProperties properties) {
        if (!Files.isRegularFile(properties.directoryFile())) {
            throw new IllegalStateException("pulse.identity.directory-file " + properties.directoryFile().toAbsolutePath()
                    + " does not exist or is not a file");
        }
        // re-read on change, so users and clients added to the file can sign in without a restart
        return FileUserDirectory.watching(properties.directoryFile(), properties.directoryRefreshInterval());
    }
}
