package io.pulsecrm.platform.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.pulsecrm.platform.aggregate.AggregateNotFoundException;
import io.pulsecrm.platform.aggregate.StateConflictException;
import io.pulsecrm.platform.aggregate.VersionConflictException;
import io.pulsecrm.platform.security.ForbiddenException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns every failure into an RFC 9457 problem document that says what is wrong. Client mistakes are 4xx
 * with field-level detail where there is one; anything unexpected is a 500 that is logged (and is a bug).
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    @ExceptionHandler({AggregateNotFoundException.class, VersionConflictException.class, StateConflictException.class,
            ForbiddenException.class, InvalidRequestException.class})
    ProblemDetail domain(RuntimeException e, HttpServletRequest request) {
        ProblemDetail problem = Problems.ofDomain(e).orElseThrow();
        problem.setInstance(URI.create(request.getRequestURI()));
        return problem;
    }

    @ExceptionHandler(OptimisticLockingFailureException.class)
    ProblemDetail optimisticLock(OptimisticLockingFailureException e, HttpServletRequest request) {
        return problem(HttpStatus.CONFLICT, "version-conflict", "Version conflict",
                "The record was changed by someone else; reload it and apply your change again", request);
    }

    @ExceptionHandler(DuplicateKeyException.class)
    ProblemDetail duplicate(DuplicateKeyException e, HttpServletRequest request) {
        return problem(HttpStatus.CONFLICT, "duplicate", "Duplicate",
                "A record with the same unique value already exists", request);
    }

    @ExceptionHandler(IfMatch.PreconditionRequiredException.class)
    ProblemDetail preconditionRequired(IfMatch.PreconditionRequiredException e, HttpServletRequest request) {
        return problem(HttpStatus.PRECONDITION_REQUIRED, "precondition-required", "If-Match required", e.getMessage(), request);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ProblemDetail constraintViolation(ConstraintViolationException e, HttpServletRequest request) {
        List<InvalidRequestException.FieldProblem> errors = e.getConstraintViolations().stream()
                .map(v -> new InvalidRequestException.FieldProblem(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .toList();
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "validation", "Invalid request",
                "The request has invalid fields", request);
        problem.setProperty("errors", errors);
        return problem;
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return problem(HttpStatus.BAD_REQUEST, "validation", "Invalid request",
                "Parameter '" + e.getName() + "' has an invalid value", request);
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e, HttpServletRequest request) {
        log.error("Unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
                "The server failed to handle this request; it has been logged", request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<InvalidRequestException.FieldProblem> errors = new ArrayList<>();
        for (FieldError error : e.getBindingResult().getFieldErrors()) {
            errors.add(new InvalidRequestException.FieldProblem(error.getField(), error.getDefaultMessage()));
        }
        e.getBindingResult().getGlobalErrors().forEach(error ->
                errors.add(new InvalidRequestException.FieldProblem(error.getObjectName(), error.getDefaultMessage())));
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "validation", "Invalid request",
                "The request has invalid fields", servlet(request));
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
                                                                            HttpHeaders headers, HttpStatusCode status,
                                                                            WebRequest request) {
        List<InvalidRequestException.FieldProblem> errors = new ArrayList<>();
        e.getParameterValidationResults().forEach(result -> result.getResolvableErrors().forEach(error ->
                errors.add(new InvalidRequestException.FieldProblem(
                        result.getMethodParameter().getParameterName(), error.getDefaultMessage()))));
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "validation", "Invalid request",
                "The request has invalid parameters", servlet(request));
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        RequestBodyLimitFilter.PayloadTooLargeException tooLarge = causeOfType(e, RequestBodyLimitFilter.PayloadTooLargeException.class);
        if (tooLarge != null) {
            ProblemDetail problem = RequestBodyLimitFilter.tooLarge(tooLarge.maxBytes());
            problem.setInstance(URI.create(servlet(request).getRequestURI()));
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem);
        }
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body",
                describe(e), servlet(request));
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
                                                          WebRequest request) {
        // framework-handled errors (405, 406, 415, 404 for no handler...) get our problem type too
        if (body instanceof ProblemDetail problem && problem.getType() != null && "about:blank".equals(problem.getType().toString())) {
            problem.setType(URI.create("https://pulsecrm.io/problems/http-" + statusCode.value()));
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    private static String describe(HttpMessageNotReadableException e) {
        JacksonException json = causeOfType(e, JacksonException.class);
        if (json instanceof UnrecognizedPropertyException unknown) {
            return "Unknown field '" + path(unknown) + "'";
        }
        if (json instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String expected = mismatch.getTargetType() == null ? "a different type" : typeName(mismatch.getTargetType());
            String got = json instanceof InvalidFormatException invalid ? " (got " + invalid.getValue() + ")" : "";
            return "Field '" + path(mismatch) + "' must be " + expected + got;
        }
        if (json instanceof DatabindException bind && !bind.getPath().isEmpty()) {
            return "Field '" + path(bind) + "' is invalid: " + bind.getOriginalMessage();
        }
        if (json instanceof StreamReadException read) {
            var location = read.getLocation();
            return "Body is not valid JSON" + (location == null ? "" : " (line " + location.getLineNr()
                    + ", column " + location.getColumnNr() + ")");
        }
        if (json != null) {
            return "Body is not valid JSON: " + json.getOriginalMessage();
        }
        return "A JSON request body is required";
    }

    private static String typeName(Class<?> type) {
        if (type == String.class || type.isEnum()) {
            return type.isEnum() ? "one of " + java.util.Arrays.toString(type.getEnumConstants()) : "a string";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "a " + type.getSimpleName();
    }

    private static String path(DatabindException e) {
        StringBuilder path = new StringBuilder();
        for (var reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String lastNode(String propertyPath) {
        int dot = propertyPath.lastIndexOf('.');
        return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
    }

    private static <T extends Throwable> T causeOfType(Throwable e, Class<T> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    private static HttpServletRequest servlet(WebRequest request) {
        return ((ServletWebRequest) request).getRequest();
    }

    private static ProblemDetail problem(HttpStatus status, String slug, String title, String detail,
                                         HttpServletRequest request) {
        ProblemDetail problem = Problems.of(status, slug, title, detail);
        problem.setInstance(URI.create(request.getRequestURI()));
        return problem;
    }
}
