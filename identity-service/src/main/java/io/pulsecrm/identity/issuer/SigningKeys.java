package io.pulsecrm.identity.issuer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The issuer's RSA signing key: generated per start, or kept in a JWK file so tokens outlive a restart. */
final class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    private SigningKeys() {
    }

    /** A fresh 2048-bit RS256 key; its id is its thumbprint, so the same key always has the same {@code kid}. */
    static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .keyIDFromThumbprint(true)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate the RSA signing key", e);
        }
    }

    /** The key stored in {@code file}, or a new one saved there when the file does not exist yet. */
    static RSAKey loadOrCreate(Path file) {
        if (Files.exists(file)) {
            return load(file);
        }
        RSAKey key = generate();
        save(key, file);
        log.info("generated a new RSA signing key {} and saved it to {}", key.getKeyID(), file.toAbsolutePath());
        return key;
    }

    private static RSAKey load(Path file) {
        try {
            JWK jwk = JWK.parse(Files.readString(file));
            if (!(jwk instanceof RSAKey rsa) || !rsa.isPrivate()) {
                throw new IllegalStateException("pulse.identity.key-file " + file.toAbsolutePath()
                        + " must hold a private RSA JWK; delete it to have a new key generated");
            }
            log.info("loaded RSA signing key {} from {}", rsa.getKeyID(), file.toAbsolutePath());
            return rsa;
        } catch (ParseException e) {
            throw new IllegalStateException("pulse.identity.key-file " + file.toAbsolutePath() + " is not a JWK: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read pulse.identity.key-file " + file.toAbsolutePath(), e);
        }
    }

    private static void save(RSAKey key, Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            // written aside and moved in, so a crash never leaves half a key behind
            Path temp = Files.createTempFile(dir, ".signing-key", ".tmp");
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            }
            Files.writeString(temp, key.toJSONString());
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the signing key to pulse.identity.key-file " + file.toAbsolutePath(), e);
        }
    }
}
