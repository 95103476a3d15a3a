package io.pulsecrm.deploy.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code podman} command line, as root on this host (deploy/podman/setup-host prepares it). Everything a test
 * creates carries its own names, so runs beside other work on the machine, and {@link #removeAll} removes only that.
 */
final class Podman {

    private final List<String> pods = new ArrayList<>();
    private final List<String> secrets = new ArrayList<>();
    private final List<String> networks = new ArrayList<>();

    record Result(int exitCode, String output) {
        Result orFail(String what) {
            if (exitCode != 0) {
                throw new IllegalStateException(what + " failed (exit " + exitCode + "):\n" + output);
            }
            return this;
        }
    }

    static Result run(Duration timeout, String... command) {
        List<String> full = new ArrayList<>();
        full.add("podman");
        full.addAll(List.of(command));
        try {
            Path log = Files.createTempFile("podman-", ".log");
            try {
                Process process = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
                if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", full) + " took longer than " + timeout);
                }
                return new Result(process.exitValue(), Files.readString(log));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Result run(String... command) {
        return run(Duration.ofMinutes(2), command);
    }

    /** The version of podman, e.g. 4.3.1. */
    static String version() {
        return run("version", "--format", "{{.Client.Version}}").orFail("podman version").output().strip();
    }

    void network(String name) {
        run("network", "create", name).orFail("creating network " + name);
        networks.add(name);
    }

    /**
     * A Secret the chart references by name, as {@code podman kube play} reads it for environment variables: a JSON
     * object of base64 values (what {@code kubectl create secret generic} would have made in a cluster).
     */
    void envSecret(String name, Map<String, String> data) {
        Map<String, String> encoded = new LinkedHashMap<>();
        data.forEach((key, value) -> encoded.put(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        create(name, RenderedChart.YAML.valueToTree(encoded).toString());
    }

    /**
     * A Secret mounted as files. Podman before 4.4 reads the file contents from {@code data} as they are; later
     * versions read a Kubernetes Secret, whose {@code stringData} holds them as text.
     */
    void volumeSecret(String name, Map<String, String> files) {
        String[] version = version().split("\\.");
        boolean before44 = Integer.parseInt(version[0]) < 4 || (Integer.parseInt(version[0]) == 4 && Integer.parseInt(version[1]) < 4);
        Map<String, Object> secret = new LinkedHashMap<>();
        secret.put("apiVersion", "v1");
        secret.put("kind", "Secret");
        secret.put("metadata", Map.of("name", name));
        secret.put(before44 ? "data" : "stringData", files);
        create(name, RenderedChart.YAML.valueToTree(secret).toString());
    }

    private void create(String name, String content) {
        try {
            Path file = Files.createTempFile("secret-", ".json");
            try {
                Files.writeString(file, content);
                run("secret", "create", name, file.toString()).orFail("creating secret " + name);
                secrets.add(name);
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Plays Kubernetes YAML on the network; the pods it makes are removed by {@link #removeAll}. */
    Result play(Path yaml, String network, List<String> podNames) {
        pods.addAll(podNames);
        return run(Duration.ofMinutes(5), "kube", "play", "--network", network, yaml.toString());
    }

    /** Saves each container's log under {@code dir}, for a failed run's post-mortem. */
    void saveLogs(Path dir) {
        try {
            Files.createDirectories(dir);
            for (String pod : pods) {
                String containers = run("ps", "-a", "--filter", "pod=" + pod, "--format", "{{.Names}}").output();
                for (String container : containers.lines().filter(c -> !c.isBlank() && !c.endsWith("-infra")).toList()) {
                    Files.writeString(dir.resolve(container + ".log"), run("logs", container).output());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void removeAll() {
        for (String pod : pods) {
            run(Duration.ofMinutes(2), "pod", "rm", "--force", "--time", "10", pod);
        }
        for (String secret : secrets) {
            run("secret", "rm", secret);
        }
        for (String network : networks) {
            run("network", "rm", "--force", network);
        }
    }
}
