package io.pulsecrm.deploy.catalog;

import java.nio.file.Path;

/**
 * Identity on a developer's machine: the demo users directory (shared by the issuer and the services) and the
 * file where the issuer keeps its signing key, so tokens stay valid across restarts of the runner.
 */
public record LocalIdentity(Path directoryFile, Path signingKeyFile) {

    /** The demo directory of the repository, the key in the runner's data directory. */
    public static LocalIdentity demo(Path repoDir, Path dataDir) {
        return new LocalIdentity(repoDir.resolve("deploy/all-in-one/identity/directory.yaml"),
                dataDir.resolve("identity").resolve("signing-key.json"));
    }
}
