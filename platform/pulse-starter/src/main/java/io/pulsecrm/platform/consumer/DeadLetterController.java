package io.pulsecrm.platform.consumer;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operator endpoints of every service: {@code GET /admin/dead-letters/{topic}} lists what this service's
 * consumers gave up on, {@code POST .../replay} sends it back. Not routed by the gateway: reachable inside
 * the cluster only (and, with identity, admins only).
 */
@RestController
@Validated
@RequestMapping("/admin/dead-letters")
public class DeadLetterController {

    /** Replay one record ({@code partition} and {@code offset}) or, with both absent, all of them. */
    public record ReplayRequest(Integer partition, Long offset) {
    }

    public record ReplayResult(int replayed) {
    }

    private final DeadLetters deadLetters;

    public DeadLetterController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GetMapping("/{topic}")
    List<DeadLetters.DeadLetter> list(@PathVariable String topic,
                                      @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
        return deadLetters.list(topic, limit);
    }

    @PostMapping("/{topic}/replay")
    ReplayResult replay(@PathVariable String topic, @RequestBody ReplayRequest request) {
        if ((request.partition() == null) != (request.offset() == null)) {
            throw io.pulsecrm.platform.web.InvalidRequestException.field("offset",
                    "partition and offset go together; leave both out to replay everything");
        }
        return new ReplayResult(deadLetters.replay(topic, request.partition(), request.offset()));
    }
}
