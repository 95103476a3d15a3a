package io.pulsecrm.deals.pipelines;

import java.time.Instant;
import java.util.List;

import io.pulsecrm.deals.pipelines.PipelineEvents.StageSnapshot;

/** A pipeline as the API shows it; {@code version} is also the ETag to send back in If-Match. */
public record PipelineResponse(String id, String name, List<StageSnapshot> stages, List<String> lostReasons,
                               long version, Instant createdAt, Instant updatedAt) {

    public static PipelineResponse of(Pipeline pipeline) {
        var snapshot = pipeline.snapshot();
        return new PipelineResponse(pipeline.getId(), snapshot.name(), snapshot.stages(), snapshot.lostReasons(),
                pipeline.getVersion(), pipeline.getCreatedAt(), pipeline.getUpdatedAt());
    }
}
