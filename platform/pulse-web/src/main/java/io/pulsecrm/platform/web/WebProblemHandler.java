package io.pulsecrm.platform.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
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
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * Turns every failure inside Spring MVC into an RFC 9457 problem that says what is wrong in the caller's terms.
 * Client mistakes are 4xx with field-level detail where there is one (at most {@link RequestLimits#maxReportedErrors()}
 * of them); anything unexpected is a 500 that is logged, and a bug. Problems are always written as
 * {@code application/problem+json}, whatever the request's {@code Accept} says, so no error is ever an empty 406.
 * Components add their own domain exceptions in a subclass.
 */
@RestControllerAdvice
public class WebProblemHandler extends ResponseEntityExceptionHandler {

    private static final String INVALID_VALUE = "has an invalid value";

    private static final Logger log = LoggerFactory.getLogger(WebProblemHandler.class);

    private final RequestLimits limits;

    public WebProblemHandler(RequestLimits limits) {
        this.limits = limits;
    }

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<Object> invalid(InvalidRequestException e, HttpServletRequest request) {
        return invalid(e.getMessage(), e.fieldErrors(), request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return invalid("Parameter '" + e.getName() + "' has an invalid value", List.of(new InvalidRequestException.FieldProblem(
                e.getName(), INVALID_VALUE)), request);
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<Object> multipart(MultipartException e, HttpServletRequest request) {
        return answer(Problems.of(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body",
                "The multipart body could not be read (is the boundary missing?)"), request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, HttpServletRequest request) {
        ProblemDetail clientError = ClientErrors.problemFor(e);
        if (clientError != null) {
            return answer(clientError, request);
        }
        log.error("Unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
        return answer(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
                "The server failed to handle this request; it has been logged"), request);
    }

    /** A 400 listing the fields at fault, at most {@code max-reported-errors} of them. */
    protected ResponseEntity<Object> invalid(String detail, List<InvalidRequestException.FieldProblem> errors,
                                             HttpServletRequest request) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "validation", "Invalid request", detail);
        Problems.setErrors(problem, errors, limits.maxReportedErrors());
        return answer(problem, request);
    }

    /** The problem as the response, its type and instance set, always as problem+json. */
    protected ResponseEntity<Object> answer(ProblemDetail problem, HttpServletRequest request) {
        return answer(problem, new HttpHeaders(), request);
    }

    private ResponseEntity<Object> answer(ProblemDetail problem, HttpHeaders headers, HttpServletRequest request) {
        if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
            problem.setType(URI.create(Problems.TYPE_BASE + "http-" + problem.getStatus()));
        }
        if (problem.getInstance() == null) {
            problem.setInstance(Problems.instance(request.getRequestURI()));
        }
        return ResponseEntity.status(problem.getStatus()).headers(headers)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<FieldError> fieldErrors = e.getBindingResult().getFieldErrors();
        if (!fieldErrors.isEmpty() && !e.getBindingResult().hasGlobalErrors()
                && fieldErrors.stream().allMatch(FieldError::isBindingFailure)) {
            // values that do not convert (query parameters bound as a record): said as for a single parameter, without
            // the converter's message, which names Java types
            List<String> names = fieldErrors.stream().map(FieldError::getField).distinct().toList();
            return invalid("Parameter '" + String.join("', '", names) + "' has an invalid value", names.stream()
                    .map(name -> new InvalidRequestException.FieldProblem(name, INVALID_VALUE)).toList(), servlet(request));
        }
        List<InvalidRequestException.FieldProblem> errors = new ArrayList<>();
        for (FieldError error : fieldErrors) {
            errors.add(new InvalidRequestException.FieldProblem(error.getField(),
                    error.isBindingFailure() ? INVALID_VALUE : error.getDefaultMessage()));
        }
        e.getBindingResult().getGlobalErrors().forEach(error ->
                errors.add(new InvalidRequestException.FieldProblem(error.getObjectName(), error.getDefaultMessage())));
        return invalid("The request has invalid fields", errors, servlet(request));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
                                                                            HttpHeaders headers, HttpStatusCode status,
                                                                            WebRequest request) {
        List<InvalidRequestException.FieldProblem> errors = new ArrayList<>();
        e.getParameterValidationResults().forEach(result -> result.getResolvableErrors().forEach(error ->
                errors.add(new InvalidRequestException.FieldProblem(
                        result.getMethodParameter().getParameterName(), error.getDefaultMessage()))));
        return invalid("The request has invalid parameters", errors, servlet(request));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        RequestBodyLimitFilter.PayloadTooLargeException tooLarge =
                causeOfType(e, RequestBodyLimitFilter.PayloadTooLargeException.class);
        if (tooLarge != null) {
            return answer(RequestBodyLimitFilter.tooLarge(tooLarge.maxBytes()), servlet(request));
        }
        JacksonException json = causeOfType(e, JacksonException.class);
        JsonProblems.Described described = json == null ? null : JsonProblems.describe(json);
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body",
                described == null ? "A JSON request body is required" : described.sentence());
        if (described != null && !described.path().isEmpty()) {
            // like a validation problem, so clients show it beside the field
            Problems.setErrors(problem, List.of(described.fieldProblem()), limits.maxReportedErrors());
        }
        return answer(problem, servlet(request));
    }

    /** Errors Spring MVC itself answers (405, 406, 415, 404 for no handler...): our type, always problem+json. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
                                                          WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail detail ? detail
                : Problems.of(statusCode.value(), "http-" + statusCode.value(), ClientErrors.reason(statusCode.value()),
                        null);
        HttpHeaders answerHeaders = new HttpHeaders();
        answerHeaders.addAll(headers);
        answerHeaders.remove(HttpHeaders.CONTENT_TYPE);
        return answer(problem, answerHeaders, servlet(request));
    }

    protected static <T extends Throwable> T causeOfType(Throwable e, Class<T> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    protected static HttpServletRequest servlet(WebRequest request) {
        return ((ServletWebRequest) request).getRequest();
    }

    protected RequestLimits limits() {
        return limits;
    }
}
