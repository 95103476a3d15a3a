package io.pulsecrm.platform.web;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/** RFC 9457 problem documents, also for filters and the container, which answer before Spring MVC is reached. */
public final class Problems {

    /** Prefix of every problem type of the API (the gateway uses the same vocabulary). */
    public static final String TYPE_BASE = "https://pulsecrm.io/problems/";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Problems() {
    }

    public static ProblemDetail of(HttpStatus status, String slug, String title, String detail) {
        return of(status.value(), slug, title, detail);
    }

    public static ProblemDetail of(int status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatus(status);
        problem.setType(URI.create(TYPE_BASE + slug));
        problem.setTitle(title);
        problem.setDetail(detail);
        return problem;
    }

    /**
     * The field problems to report, at most {@code max} of them: a request with a hundred thousand bad items gets
     * an answer of bounded size, which says how many there were in all ({@code errorCount}).
     */
    public static void setErrors(ProblemDetail problem, List<InvalidRequestException.FieldProblem> errors, int max) {
        if (errors.isEmpty()) {
            return;
        }
        problem.setProperty("errors", errors.size() <= max ? List.copyOf(errors) : List.copyOf(errors.subList(0, max)));
        if (errors.size() > max) {
            problem.setProperty("errorCount", errors.size());
        }
    }

    /** The request path as the problem's {@code instance}, or none when the path is not a valid URI reference. */
    public static URI instance(String requestUri) {
        if (requestUri == null) {
            return null;
        }
        try {
            return URI.create(requestUri);
        } catch (IllegalArgumentException notAUri) {
            return null;
        }
    }

    public static void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
            throws IOException {
        problem.setInstance(instance(request.getRequestURI()));
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        byte[] body = toJson(problem);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** The problem in the same shape Spring MVC writes it: standard members first, then the extensions. */
    public static byte[] toJson(ProblemDetail problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType() == null ? "about:blank" : problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        if (problem.getInstance() != null) {
            body.put("instance", problem.getInstance().toString());
        }
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        return JSON.writeValueAsBytes(body);
    }
}
