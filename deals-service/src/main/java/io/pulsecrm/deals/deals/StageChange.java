package io.pulsecrm.deals.deals;

import java.time.Instant;

import io.pulsecrm.deals.pipelines.StageKind;

/**
 * One entry of a deal's stage history, stored in the deal's document in the same write as the event, so the
 * history and the events can never disagree. Names are kept as they were at the time.
 *
 * @param fromStageId            null for the deal's first stage (creation)
 * @param secondsInPreviousStage time the deal spent in the previous stage; null for the first entry
 * @param fromPipelineId         when the deal moved to another pipeline: the pipeline it left (else null)
 * @param toPipelineId           when the deal moved to another pipeline: the pipeline it entered (else null)
 */
public record StageChange(String fromStageId, String fromStageName, String toStageId, String toStageName,
                          StageKind toKind, Instant at, String by, Long secondsInPreviousStage, String reason,
                          String fromPipelineId, String toPipelineId) {
}
