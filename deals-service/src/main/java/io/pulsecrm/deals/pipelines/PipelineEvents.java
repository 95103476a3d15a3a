package io.pulsecrm.deals.pipelines;

import java.time.Instant;
import java.util.List;

import io.pulsecrm.platform.events.DomainEvent;
import io.pulsecrm.platform.events.DomainEventType;

/** Pipeline events published on {@value Pipeline#TOPIC}; schemas in platform/pulse-events. */
public final class PipelineEvents {

    private PipelineEvents() {
    }

    public record StageSnapshot(String id, String name, int position, int probability, StageKind kind,
                                List<String> requiredFields, String stallAfter) {
    }

    public record PipelineSnapshot(String id, String name, List<StageSnapshot> stages, List<String> lostReasons,
                                   Instant createdAt, Instant updatedAt) {
    }

    @DomainEventType("pulse.pipeline.created.v1")
    public record PipelineCreated(PipelineSnapshot pipeline) implements DomainEvent {
    }

    /** {@code change} says what kind of change it was: renamed, lost_reasons_changed, stage_added, ... */
    @DomainEventType("pulse.pipeline.updated.v1")
    public record PipelineUpdated(PipelineSnapshot pipeline, String change, String stageId) implements DomainEvent {
    }

    @DomainEventType("pulse.pipeline.deleted.v1")
    public record PipelineDeleted(String pipelineId, Instant deletedAt) implements DomainEvent {
    }
}
