package io.pulsecrm.platform.web;

import java.io.IOException;

import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import io.pulsecrm.platform.store.StoreOutage;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The service's own database did not answer ({@link StoreOutage}): unreachable, restarting, failing over, or a pooled
 * connection that a restart closed. That is neither the caller's mistake nor a bug, and nothing was stored for the
 * request: the answer is
 * {@code 503} problem+json with {@code Retry-After}, and the client retries (a POST with its {@code Idempotency-Key}).
 * Handled in the MVC layer ({@link Advice}) and for the filters before it ({@link Filter}, e.g. the Idempotency-Key
 * filter's own store access).
 */
public final class StoreUnavailable {

    /** Long enough for a pooled connection to be replaced or a store to come back from a restart. */
    public static final long RETRY_AFTER_SECONDS = 2;
    static final String SLUG = "store-unavailable";
    private static final Logger log = LoggerFactory.getLogger(StoreUnavailable.class);

    private StoreUnavailable() {
    }

    static ProblemDetail problem() {
        return Problems.of(HttpStatus.SERVICE_UNAVAILABLE, SLUG, "Service temporarily unavailable",
                "The service could not reach its database; nothing was changed. Retry shortly.");
    }

    private static void logged(HttpServletRequest request, Throwable failure) {
        log.warn("{} {} answered 503: the database did not answer ({})", request.getMethod(), request.getRequestURI(),
                failure.toString());
    }

    /** Store failures in controllers and everything they call. Ahead of the catch-all that makes a 500 of the rest. */
    @RestControllerAdvice
    @Order(Ordered.HIGHEST_PRECEDENCE)
    public static class Advice {

        @ExceptionHandler({MongoSocketException.class, MongoTimeoutException.class, MongoNotPrimaryException.class,
                MongoNodeIsRecoveringException.class, MongoConnectionPoolClearedException.class,
                DataAccessResourceFailureException.class})
        ResponseEntity<ProblemDetail> unavailable(Exception e, HttpServletRequest request) {
            logged(request, e);
            ProblemDetail problem = problem();
            problem.setInstance(java.net.URI.create(request.getRequestURI()));
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS))
                    .body(problem);
        }
    }

    /** Store failures in filters (which run before, and around, Spring MVC). */
    public static class Filter extends OncePerRequestFilter {

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            try {
                chain.doFilter(request, response);
            } catch (IOException | ServletException | RuntimeException e) {
                if (!StoreOutage.causes(e) || response.isCommitted()) {
                    throw e;
                }
                logged(request, e);
                response.resetBuffer();
                response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS));
                Problems.write(request, response, problem());
            }
        }
    }
}
