package io.pulsecrm.platform.files;

import io.pulsecrm.platform.web.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

/** Refused uploads as problem+json, naming the declared and the detected type, or the limit. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class FileProblems {

    private final FilesProperties properties;

    public FileProblems(FilesProperties properties) {
        this.properties = properties;
    }

    public static ProblemDetail of(FileRejectedException e) {
        FileRejectedException.Reason reason = e.reason();
        ProblemDetail problem = Problems.of(reason.status(), reason.slug(), reason.title(), e.getMessage());
        if (e.declaredType() != null) {
            problem.setProperty("declaredType", e.declaredType());
        }
        if (e.detectedType() != null) {
            problem.setProperty("detectedType", e.detectedType());
        }
        if (e.maxBytes() != null) {
            problem.setProperty("maxBytes", e.maxBytes());
        }
        return problem;
    }

    @ExceptionHandler(FileRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(FileRejectedException e) {
        return answer(of(e));
    }

    /** The servlet container's multipart limit (a body without declared length that grows past it). */
    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ProblemDetail> tooLarge(MaxUploadSizeExceededException e) {
        return answer(of(FileRejectedException.tooLarge(properties.maxSize().toBytes())));
    }

    private static ResponseEntity<ProblemDetail> answer(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
