package io.pulsecrm.deploy.supervision;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Polls a Spring Boot readiness endpoint until it answers 200, the process dies, or time runs out.
 * Connection refused just means "not listening yet".
 */
public final class ReadinessProbe {

    private static final int READY = 200;
    private static final Pattern COMPONENT_STATUS = Pattern.compile("\"(\\w+)\":\\{\"status\":\"(\\w+)\"");

    private final HttpClient http;
    private final Duration pollInterval;
    private final Duration requestTimeout;

    public ReadinessProbe(Duration pollInterval, Duration requestTimeout) {
        this.pollInterval = pollInterval;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade dance on every poll
                .connectTimeout(requestTimeout)
                .build();
    }

    public static ReadinessProbe standard() {
        return new ReadinessProbe(Duration.ofMillis(500), Duration.ofSeconds(2));
    }

    /** One probe: ready only on 200. */
    public Answer probe(URI readinessUrl) {
        HttpRequest request = HttpRequest.newBuilder(readinessUrl).timeout(requestTimeout).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode() == READY, describe(response));
        } catch (IOException e) {
            return new Answer(false, "no answer (" + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(false, "interrupted");
        }
    }

    public boolean isReady(URI readinessUrl) {
        return probe(readinessUrl).ready();
    }

    /** @param description e.g. {@code HTTP 503, down: mongo}, to say why a component never became ready */
    public record Answer(boolean ready, String description) {
    }

    /** Blocks until {@code process} is ready at {@code readinessUrl}, has exited, or {@code timeout} passed. */
    public Readiness awaitReady(ServiceProcess process, URI readinessUrl, Duration timeout) {
        Instant deadline = process.startedAt().plus(timeout);
        while (true) {
            if (!process.isAlive()) {
                return new Readiness.Exited(process.exitCode().orElseThrow(), since(process));
            }
            Answer answer = probe(readinessUrl);
            if (answer.ready()) {
                return new Readiness.Ready(since(process));
            }
            if (Instant.now().isAfter(deadline)) {
                return new Readiness.TimedOut(since(process), answer.description());
            }
            try {
                process.onExit().get(pollInterval.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException stillRunning) {
                // the usual case: poll again
            } catch (java.util.concurrent.ExecutionException e) {
                // onExit never fails; loop and report the exit
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Readiness.TimedOut(since(process), "interrupted");
            }
        }
    }

    /**
     * Spring Boot's health JSON names each indicator with its status; listing the ones not UP says more
     * than the status code. Plain regex: the launcher carries no JSON library for one field.
     */
    static String describe(HttpResponse<String> response) {
        List<String> notUp = new ArrayList<>();
        Matcher matcher = COMPONENT_STATUS.matcher(response.body());
        while (matcher.find()) {
            if (!matcher.group(2).equals("UP")) {
                notUp.add(matcher.group(1) + " " + matcher.group(2));
            }
        }
        return "HTTP " + response.statusCode() + (notUp.isEmpty() ? "" : ", " + String.join(", ", notUp));
    }

    private static Duration since(ServiceProcess process) {
        return Duration.between(process.startedAt(), Instant.now());
    }
}
