package io.pulsecrm.platform.web;

import java.util.Optional;

import io.pulsecrm.platform.aggregate.AggregateNotFoundException;
import io.pulsecrm.platform.aggregate.StateConflictException;
import io.pulsecrm.platform.aggregate.VersionConflictException;
import io.pulsecrm.platform.security.ForbiddenException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The problem a domain rule's exception stands for: the one mapping for whole requests ({@link ProblemDetailsAdvice})
 * and for the items of a batch that each succeed or fail on their own.
 */
public final class DomainProblems {

    private DomainProblems() {
    }

    /** Not found, version or state conflict, forbidden, invalid fields; empty for anything else. */
    public static Optional<ProblemDetail> of(RuntimeException e) {
        ProblemDetail problem = switch (e) {
            case AggregateNotFoundException notFound ->
                    Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", notFound.getMessage());
            case VersionConflictException conflict -> {
                ProblemDetail versions = Problems.of(HttpStatus.CONFLICT, "version-conflict", "Version conflict",
                        conflict.getMessage());
                if (conflict.currentVersion() != null) {
                    versions.setProperty("currentVersion", conflict.currentVersion());
                }
                yield versions;
            }
            case StateConflictException state ->
                    Problems.of(HttpStatus.CONFLICT, "state-conflict", "Not allowed in the current state", state.getMessage());
            case ForbiddenException forbidden -> Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", forbidden.getMessage());
            case InvalidRequestException invalid -> {
                ProblemDetail fields = Problems.of(HttpStatus.BAD_REQUEST, "validation", "Invalid request", invalid.getMessage());
                if (!invalid.fieldErrors().isEmpty()) {
                    fields.setProperty("errors", invalid.fieldErrors());
                }
                yield fields;
            }
            default -> null;
        };
        return Optional.ofNullable(problem);
    }
}
