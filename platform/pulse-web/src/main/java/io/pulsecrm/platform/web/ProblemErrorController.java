package io.pulsecrm.platform.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The container's error page ({@code /error}): what a filter threw, or an error status sent before Spring MVC
 * was reached, answered as problem+json like every other error, instead of Spring Boot's own JSON or HTML.
 * Written as bytes with a fixed content type, so the request's {@code Accept} cannot turn it into an empty 406.
 */
@RestController
@RequestMapping("${server.error.path:${error.path:/error}}")
public class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    @RequestMapping
    ResponseEntity<byte[]> error(HttpServletRequest request) {
        Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        ProblemDetail problem = failure == null ? null : ClientErrors.problemFor(failure);
        if (problem == null) {
            int status = code instanceof Integer number && number >= 400 ? number : 500;
            if (status >= 500) {
                log.error("Unexpected failure on {} {}", request.getMethod(),
                        request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), failure);
            }
            problem = ClientErrors.forStatus(status);
        }
        problem.setInstance(Problems.instance((String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI)));
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.toJson(problem));
    }
}
