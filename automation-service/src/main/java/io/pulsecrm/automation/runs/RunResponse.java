package io.pulsecrm.automation.runs;

import java.time.Instant;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A run as the API shows it: trigger event, rule revision, depth, status and each step with input, output, error and timings. */
public record RunResponse(String id, String ruleId, String ruleName, int ruleRevision, String team, String status,
                          String reason, int depth, Trigger trigger, Record record, List<StepView> steps, String next,
                          Instant resumeAt, int retries, Instant createdAt, Instant updatedAt, Instant finishedAt,
                          long version) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public record Trigger(String eventId, String type, String subject, Instant time, String actor, String correlationId,
                          String causationId, JsonNode data) {
    }

    public record Record(String type, String id, String ownerId) {
    }

    public record StepView(int index, String address, String action, String status, JsonNode input, JsonNode output,
                           String error, boolean refused, int attempts, Instant startedAt, Instant finishedAt,
                           Instant waitingUntil) {
    }

    public static RunResponse of(Run run) {
        Run.TriggerInfo t = run.getTrigger();
        List<StepView> steps = run.getSteps().stream().map(s -> new StepView(s.getIndex(), s.getAddress(), s.getAction(),
                s.getStatus().wire(), parse(s.getInput()), parse(s.getOutput()), s.getError(), s.isRefused(),
                s.getAttempts(), s.getStartedAt(), s.getFinishedAt(), s.getWaitingUntil())).toList();
        return new RunResponse(run.getId(), run.getRuleId(), run.getRuleName(), run.getRuleRevision(), run.getRuleTeam(),
                run.getStatus().wire(), run.getReason(), run.getDepth(),
                new Trigger(t.eventId(), t.type(), t.subject(), t.time(), t.actor(), t.correlationId(), t.causationId(),
                        parse(t.data())),
                run.getRecordType() == null ? null : new Record(run.getRecordType(), run.getRecordId(), run.getOwnerId()),
                steps, run.getNext(), run.getResumeAt(), run.getRetries(), run.getCreatedAt(), run.getUpdatedAt(),
                run.getFinishedAt(), run.getVersion() == null ? 0 : run.getVersion());
    }

    private static JsonNode parse(String json) {
        return json == null ? null : JSON.readTree(json);
    }
}
