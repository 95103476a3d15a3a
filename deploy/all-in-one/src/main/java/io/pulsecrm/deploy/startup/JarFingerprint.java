package io.pulsecrm.deploy.startup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipFile;

/**
 * Identifies a jar by what is inside it (entry names, CRCs and sizes from the zip directory), not by its
 * file time: a rebuild without code changes rewrites the jar but keeps the fingerprint, so the startup
 * cache survives {@code mvnw install}. Reading the directory costs milliseconds even for a large jar.
 */
final class JarFingerprint {

    private static final int LENGTH = 16;

    private JarFingerprint() {
    }

    /** @param alsoDependsOn other inputs the cache is only valid for, e.g. the JDK version and JVM options */
    static String of(Path jar, List<String> alsoDependsOn) {
        MessageDigest digest = sha256();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            zip.stream().forEach(entry -> {
                digest.update(entry.getName().getBytes(StandardCharsets.UTF_8));
                digest.update(longBytes(entry.getCrc()));
                digest.update(longBytes(entry.getSize()));
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + jar, e);
        }
        alsoDependsOn.forEach(input -> digest.update(input.getBytes(StandardCharsets.UTF_8)));
        return HexFormat.of().formatHex(digest.digest()).substring(0, LENGTH);
    }

    private static byte[] longBytes(long value) {
        byte[] bytes = new byte[Long.BYTES];
        for (int i = 0; i < Long.BYTES; i++) {
            bytes[i] = (byte) (value >>> (8 * i));
        }
        return bytes;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
