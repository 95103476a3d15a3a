package io.pulsecrm.platform.web.testapp;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.pulsecrm.platform.web.InvalidRequestException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

/** A component with a few operations of the usual shapes, behind the platform's HTTP edge. */
@SpringBootApplication
public class EdgeTestApplication {

    /** A create body: text, a list of text, a number, a map of anything. */
    public record Thing(String name, List<String> tags, Double amount, Map<String, Object> extras) {
    }

    @RestController
    public static class Things {

        /** How many creates ran: a refused request must not count. */
        public static final AtomicInteger CREATED = new AtomicInteger();

        @PostMapping("/things")
        ResponseEntity<Thing> create(@RequestBody Thing thing) {
            CREATED.incrementAndGet();
            return ResponseEntity.status(201).body(thing);
        }

        @GetMapping("/things")
        List<Thing> list(@RequestParam(defaultValue = "10") int limit, @RequestParam(required = false) String q) {
            return List.of(new Thing(q, List.of(), (double) limit, Map.of()));
        }

        /** A validation that finds a problem with each of many items. */
        @PostMapping("/many-problems")
        void manyProblems() {
            List<InvalidRequestException.FieldProblem> problems = new ArrayList<>();
            for (int i = 0; i < 100_000; i++) {
                problems.add(new InvalidRequestException.FieldProblem("items[" + i + "]", "is invalid"));
            }
            throw new InvalidRequestException("The request has invalid fields", problems);
        }

        @GetMapping("/boom")
        void boom() {
            throw new IllegalStateException("io.pulsecrm.secret.Internals failed");
        }
    }

    /** A filter that fails before Spring MVC is reached: the container's error page answers. */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> failingFilter() {
        var registration = new FilterRegistrationBean<OncePerRequestFilter>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                if (request.getRequestURI().equals("/filter-boom")) {
                    throw new IllegalStateException("io.pulsecrm.secret.Filter failed");
                }
                chain.doFilter(request, response);
            }
        });
        registration.addUrlPatterns("/*");
        return registration;
    }
}
