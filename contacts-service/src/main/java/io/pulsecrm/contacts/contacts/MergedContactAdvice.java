package io.pulsecrm.contacts.contacts;

import java.net.URI;

import io.pulsecrm.platform.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** 404 problem+json for a merged-away contact, with {@code mergedInto}: the survivor's id. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class MergedContactAdvice {

    @ExceptionHandler(MergedContactException.class)
    ProblemDetail merged(MergedContactException e, HttpServletRequest request) {
        ProblemDetail problem = Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found",
                "contact " + e.contactId() + " was merged into contact " + e.survivorId());
        problem.setInstance(URI.create(request.getRequestURI()));
        problem.setProperty("mergedInto", e.survivorId());
        return problem;
    }
}
