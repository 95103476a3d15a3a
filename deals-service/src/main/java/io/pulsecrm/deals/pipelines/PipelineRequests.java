package io.pulsecrm.deals.pipelines;

import java.util.List;

/** Request bodies of {@code /api/pipelines}. Unknown fields are refused by the platform's JSON settings. */
final class PipelineRequests {

    private PipelineRequests() {
    }

    record CreatePipeline(String name, List<StageSpec> stages, List<String> lostReasons) {
    }

    /** Absent (null) fields are kept. */
    record UpdatePipeline(String name, List<String> lostReasons) {
    }

    record AddStage(String name, Integer probability, StageKind kind, List<String> requiredFields, String stallAfter,
                    Integer position) {
        StageSpec spec() {
            return new StageSpec(name, probability, kind, requiredFields, stallAfter);
        }
    }

    /** Absent (null) fields are kept; {@code stallAfter: ""} removes the stage's time limit. */
    record UpdateStage(String name, Integer probability, StageKind kind, List<String> requiredFields, String stallAfter) {
    }

    record ReorderStages(List<String> stageIds) {
    }
}
