package io.pulsecrm.contacts.duplicates;

import io.pulsecrm.platform.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * 409 problem+json naming the possible duplicates the caller may see, so the client can merge, link or retry with
 * allowDuplicate; {@code hiddenMatches} says that records the caller may not see match too.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class DuplicatesAdvice {

    @ExceptionHandler(DuplicatesFoundException.class)
    ProblemDetail duplicates(DuplicatesFoundException e, HttpServletRequest request) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "possible-duplicate", "Possible duplicate", e.getMessage());
        problem.setInstance(URI.create(request.getRequestURI()));
        problem.setProperty("candidates", e.candidates());
        problem.setProperty("hiddenMatches", e.hiddenMatches());
        return problem;
    }
}
