package io.pulsecrm.platform.web;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;

import io.pulsecrm.platform.aggregate.AggregateNotFoundException;
import io.pulsecrm.platform.aggregate.StateConflictException;
import io.pulsecrm.platform.aggregate.VersionConflictException;
import io.pulsecrm.platform.security.ForbiddenException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/** RFC 9457 problem documents, also for filters that answer before Spring MVC is reached. */
public final class Problems {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TYPE_BASE = "https://pulsecrm.io/problems/";

    private Problems() {
    }

    public static ProblemDetail of(HttpStatus status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + slug));
        problem.setTitle(title);
        return problem;
    }

    /**
     * The problem a domain rule's exception stands for (not found, version or state conflict, forbidden, invalid
     * fields), or empty for anything else. The one mapping for whole requests ({@link ProblemDetailsAdvice}) and for
     * the items of a batch that each succeed or fail on their own.
     */
    public static Optional<ProblemDetail> ofDomain(RuntimeException e) {
        ProblemDetail problem = switch (e) {
            case AggregateNotFoundException notFound -> of(HttpStatus.NOT_FOUND, "not-found", "Not found", notFound.getMessage());
            case VersionConflictException conflict -> {
                ProblemDetail versions = of(HttpStatus.CONFLICT, "version-conflict", "Version conflict", conflict.getMessage());
                if (conflict.currentVersion() != null) {
                    versions.setProperty("currentVersion", conflict.currentVersion());
                }
                yield versions;
            }
            case StateConflictException state ->
                    of(HttpStatus.CONFLICT, "state-conflict", "Not allowed in the current state", state.getMessage());
            case ForbiddenException forbidden -> of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", forbidden.getMessage());
            case InvalidRequestException invalid -> {
                ProblemDetail fields = of(HttpStatus.BAD_REQUEST, "validation", "Invalid request", invalid.getMessage());
                if (!invalid.fieldErrors().isEmpty()) {
                    fields.setProperty("errors", invalid.fieldErrors());
                }
                yield fields;
            }
            default -> null;
        };
        return Optional.ofNullable(problem);
    }

    public static void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
            throws IOException {
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        var body = new java.util.LinkedHashMap<String, Object>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        body.put("instance", problem.getInstance().toString());
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        response.getOutputStream().write(JSON.writeValueAsBytes(body));
    }
}
