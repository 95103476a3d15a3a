package io.pulsecrm.platform.web;

import java.util.List;

import io.pulsecrm.platform.aggregate.AggregateNotFoundException;
import io.pulsecrm.platform.aggregate.StateConflictException;
import io.pulsecrm.platform.aggregate.VersionConflictException;
import io.pulsecrm.platform.security.ForbiddenException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The services' problems on top of the platform's HTTP ones ({@link WebProblemHandler}): unknown aggregates,
 * version and state conflicts, missing {@code If-Match}, access refused, bean validation of parameters.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends WebProblemHandler {

    public ProblemDetailsAdvice(RequestLimits limits) {
        super(limits);
    }

    /** Domain rules broken (InvalidRequestException is the platform handler's, which bounds the field list). */
    @ExceptionHandler({AggregateNotFoundException.class, VersionConflictException.class, StateConflictException.class,
            ForbiddenException.class})
    ResponseEntity<Object> domain(RuntimeException e, HttpServletRequest request) {
        return answer(DomainProblems.of(e).orElseThrow(), request);
    }

    @ExceptionHandler(OptimisticLockingFailureException.class)
    ResponseEntity<Object> optimisticLock(OptimisticLockingFailureException e, HttpServletRequest request) {
        return answer(Problems.of(HttpStatus.CONFLICT, "version-conflict", "Version conflict",
                "The record was changed by someone else; reload it and apply your change again"), request);
    }

    @ExceptionHandler(DuplicateKeyException.class)
    ResponseEntity<Object> duplicate(DuplicateKeyException e, HttpServletRequest request) {
        return answer(Problems.of(HttpStatus.CONFLICT, "duplicate", "Duplicate",
                "A record with the same unique value already exists"), request);
    }

    @ExceptionHandler(IfMatch.PreconditionRequiredException.class)
    ResponseEntity<Object> preconditionRequired(IfMatch.PreconditionRequiredException e, HttpServletRequest request) {
        return answer(Problems.of(HttpStatus.PRECONDITION_REQUIRED, "precondition-required", "If-Match required",
                e.getMessage()), request);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> constraintViolation(ConstraintViolationException e, HttpServletRequest request) {
        List<InvalidRequestException.FieldProblem> errors = e.getConstraintViolations().stream()
                .map(v -> new InvalidRequestException.FieldProblem(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .toList();
        return invalid("The request has invalid fields", errors, request);
    }

    private static String lastNode(String propertyPath) {
        int dot = propertyPath.lastIndexOf('.');
        return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
    }
}
