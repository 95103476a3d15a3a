package io.pulsecrm.deals.pipelines;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.pulsecrm.deals.pipelines.PipelineEvents.PipelineCreated;
import io.pulsecrm.deals.pipelines.PipelineEvents.PipelineDeleted;
import io.pulsecrm.deals.pipelines.PipelineEvents.PipelineSnapshot;
import io.pulsecrm.deals.pipelines.PipelineEvents.PipelineUpdated;
import io.pulsecrm.deals.pipelines.PipelineEvents.StageSnapshot;
import io.pulsecrm.platform.aggregate.Aggregate;
import io.pulsecrm.platform.aggregate.AggregateRoot;
import io.pulsecrm.platform.aggregate.StateConflictException;
import io.pulsecrm.platform.events.Ids;
import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import io.pulsecrm.platform.web.InvalidRequestException;
import io.pulsecrm.platform.web.TextFields;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A sales process: ordered stages, each open, won or lost, plus the admin-managed list of lost reasons.
 * Invariants: stage names are unique, and there is always at least one open, one won and one lost stage, so
 * every deal can be created, won and lost.
 */
@Document(Pipeline.COLLECTION)
@Aggregate(type = "pipeline", topic = Pipeline.TOPIC)
public class Pipeline extends AggregateRoot {

    public static final String COLLECTION = "pipelines";
    public static final String TOPIC = "pulse.deals.pipeline.v1";
    static final int MAX_NAME = 100;
    static final int MAX_STAGES = 50;
    static final int MAX_REASONS = 100;

    private String name;
    private List<Stage> stages = new ArrayList<>();
    private List<String> lostReasons = new ArrayList<>();

    protected Pipeline() {
        // for the object mapper
    }

    private Pipeline(String id, String name, List<Stage> stages, List<String> lostReasons, Instant now) {
        super(id, now);
        this.name = name;
        this.stages = new ArrayList<>(stages);
        this.lostReasons = new ArrayList<>(lostReasons);
    }

    public static Pipeline create(String name, List<StageSpec> stageSpecs, List<String> lostReasons, Instant now) {
        List<FieldProblem> problems = new ArrayList<>();
        String cleanName = text(name, "name", MAX_NAME, problems);
        List<String> reasons = reasons(lostReasons, problems);
        List<Stage> stages = new ArrayList<>();
        if (stageSpecs == null || stageSpecs.isEmpty()) {
            problems.add(new FieldProblem("stages", "is required: at least one open, one won and one lost stage"));
        } else {
            for (int i = 0; i < stageSpecs.size(); i++) {
                Stage stage = stage(Ids.newId(), stageSpecs.get(i), null, "stages[" + i + "].", problems);
                if (stage != null) {
                    stages.add(stage);
                }
            }
        }
        failIf(problems, "The pipeline has invalid fields");
        checkStageSet(stages, "stages");
        Pipeline pipeline = new Pipeline(Ids.newId(), cleanName, stages, reasons, now);
        pipeline.record(new PipelineCreated(pipeline.snapshot()));
        return pipeline;
    }

    /** Renames and/or replaces the lost reasons; null leaves a value as it is. */
    public void update(String newName, List<String> newReasons, long expectedVersion, Instant now) {
        requireVersion(expectedVersion);
        List<FieldProblem> problems = new ArrayList<>();
        String cleanName = newName == null ? name : text(newName, "name", MAX_NAME, problems);
        List<String> reasons = newReasons == null ? lostReasons : reasons(newReasons, problems);
        failIf(problems, "The pipeline has invalid fields");
        boolean renamed = !cleanName.equals(name);
        boolean reasonsChanged = !reasons.equals(lostReasons);
        if (!renamed && !reasonsChanged) {
            return;
        }
        this.name = cleanName;
        this.lostReasons = new ArrayList<>(reasons);
        touch(now);
        record(new PipelineUpdated(snapshot(), renamed && reasonsChanged ? "updated" : renamed ? "renamed"
                : "lost_reasons_changed", null));
    }

    /** Adds a stage at {@code position} (0-based; null = at the end). */
    public Stage addStage(StageSpec spec, Integer position, long expectedVersion, Instant now) {
        requireVersion(expectedVersion);
        List<FieldProblem> problems = new ArrayList<>();
        Stage stage = stage(Ids.newId(), spec, null, "", problems);
        if (position != null && (position < 0 || position > stages.size())) {
            problems.add(new FieldProblem("position", "must be between 0 and " + stages.size()));
        }
        failIf(problems, "The stage has invalid fields");
        List<Stage> changed = new ArrayList<>(stages);
        changed.add(position == null ? changed.size() : position, stage);
        checkStageSet(changed, "name");
        this.stages = changed;
        touch(now);
        record(new PipelineUpdated(snapshot(), "stage_added", stage.id()));
        return stage;
    }

    /** Renames or re-tunes a stage: the fields present in {@code patch} replace the current ones. */
    public void updateStage(String stageId, StageSpec patch, boolean clearStallAfter, long expectedVersion,
                            Instant now) {
        requireVersion(expectedVersion);
        Stage current = stageOrNotFound(stageId);
        if (patch.kind() != null && patch.kind() != current.kind()) {
            // changing the kind would silently win or lose the deals sitting in the stage
            throw InvalidRequestException.field("kind", "cannot be changed; add a new stage and remove this one");
        }
        StageSpec merged = new StageSpec(
                patch.name() == null ? current.name() : patch.name(),
                patch.probability() == null ? current.probability() : patch.probability(),
                current.kind(),
                patch.requiredFields() == null ? current.requiredFields() : patch.requiredFields(),
                clearStallAfter ? null : patch.stallAfter() == null ? current.stallAfter() : patch.stallAfter());
        List<FieldProblem> problems = new ArrayList<>();
        Stage updated = stage(current.id(), merged, null, "", problems);
        failIf(problems, "The stage has invalid fields");
        if (updated.equals(current)) {
            return;
        }
        List<Stage> changed = new ArrayList<>(stages);
        changed.set(changed.indexOf(current), updated);
        checkStageSet(changed, "name");
        this.stages = changed;
        touch(now);
        record(new PipelineUpdated(snapshot(), "stage_updated", stageId));
    }

    /** Puts the stages in the given order; the list must name every stage exactly once. */
    public void reorderStages(List<String> stageIds, long expectedVersion, Instant now) {
        requireVersion(expectedVersion);
        if (stageIds == null || stageIds.size() != stages.size() || new HashSet<>(stageIds).size() != stageIds.size()
                || !stageIds.stream().allMatch(id -> stage(id).isPresent())) {
            throw InvalidRequestException.field("stageIds", "must list every stage of the pipeline exactly once");
        }
        List<Stage> ordered = stageIds.stream().map(id -> stage(id).orElseThrow()).toList();
        if (ordered.equals(stages)) {
            return;
        }
        this.stages = new ArrayList<>(ordered);
        touch(now);
        record(new PipelineUpdated(snapshot(), "stages_reordered", null));
    }

    /** Removes a stage that no longer holds deals (callers move them first, see StageRemoval). */
    public void removeStage(String stageId, long expectedVersion, Instant now) {
        requireVersion(expectedVersion);
        Stage stage = stageOrNotFound(stageId);
        List<Stage> changed = new ArrayList<>(stages);
        changed.remove(stage);
        if (changed.stream().noneMatch(s -> s.kind() == stage.kind())) {
            throw new StateConflictException("Stage " + stageId + " is the pipeline's last " + stage.kind().name().toLowerCase()
                    + " stage; a pipeline needs at least one open, one won and one lost stage");
        }
        this.stages = changed;
        touch(now);
        record(new PipelineUpdated(snapshot(), "stage_removed", stageId));
    }

    public void delete(long expectedVersion, Instant now) {
        requireVersion(expectedVersion);
        markDeleted(now);
        record(new PipelineDeleted(getId(), now));
    }

    public String name() {
        return name;
    }

    public List<Stage> stages() {
        return List.copyOf(stages);
    }

    public List<String> lostReasons() {
        return List.copyOf(lostReasons);
    }

    public Optional<Stage> stage(String stageId) {
        return stages.stream().filter(stage -> stage.id().equals(stageId)).findFirst();
    }

    /** @throws InvalidRequestException naming {@code field} when the stage is not one of this pipeline's */
    public Stage requireStage(String stageId, String field) {
        return stage(stageId).orElseThrow(() -> InvalidRequestException.field(field,
                "is not a stage of pipeline " + getId()));
    }

    public int position(String stageId) {
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i).id().equals(stageId)) {
                return i;
            }
        }
        return -1;
    }

    public List<Stage> openStages() {
        return stages.stream().filter(Stage::isOpen).toList();
    }

    public Stage firstOpenStage() {
        return openStages().getFirst();
    }

    public Stage firstStageOf(StageKind kind) {
        return stages.stream().filter(stage -> stage.kind() == kind).findFirst().orElseThrow();
    }

    public PipelineSnapshot snapshot() {
        List<StageSnapshot> stageViews = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            Stage s = stages.get(i);
            stageViews.add(new StageSnapshot(s.id(), s.name(), i, s.probability(), s.kind(), s.requiredFields(),
                    s.stallAfter()));
        }
        return new PipelineSnapshot(getId(), name, stageViews, lostReasons(), getCreatedAt(), getUpdatedAt());
    }

    private Stage stageOrNotFound(String stageId) {
        return stage(stageId).orElseThrow(() ->
                new io.pulsecrm.platform.aggregate.AggregateNotFoundException("stage", stageId));
    }

    private static Stage stage(String id, StageSpec spec, StageKind forcedKind, String prefix, List<FieldProblem> problems) {
        if (spec == null) {
            problems.add(new FieldProblem(prefix.isEmpty() ? "stage" : prefix, "is required"));
            return null;
        }
        int before = problems.size();
        String name = text(spec.name(), prefix + "name", MAX_NAME, problems);
        StageKind kind = forcedKind != null ? forcedKind : spec.kind() == null ? StageKind.OPEN : spec.kind();
        Integer probability = spec.probability();
        if (probability == null) {
            probability = switch (kind) {
                case WON -> 100;
                case LOST -> 0;
                case OPEN -> null;
            };
        }
        if (probability == null) {
            problems.add(new FieldProblem(prefix + "probability", "is required for open stages (0–100)"));
        } else if (probability < 0 || probability > 100) {
            problems.add(new FieldProblem(prefix + "probability", "must be between 0 and 100"));
        }
        List<String> required = spec.requiredFields() == null ? List.of() : spec.requiredFields();
        for (String field : required) {
            if (field == null || !DealField.names().contains(field)) {
                problems.add(new FieldProblem(prefix + "requiredFields", "'" + InvalidRequestException.echo(field) + "' is not one of " + DealField.names()));
            }
        }
        String stallAfter = spec.stallAfter() == null || spec.stallAfter().isBlank() ? null : spec.stallAfter().strip();
        if (stallAfter != null) {
            try {
                Duration limit = Duration.parse(stallAfter);
                if (limit.isNegative() || limit.isZero()) {
                    problems.add(new FieldProblem(prefix + "stallAfter", "must be a positive duration"));
                }
            } catch (DateTimeParseException e) {
                problems.add(new FieldProblem(prefix + "stallAfter", "must be an ISO-8601 duration such as P14D or PT12H"));
            }
            if (kind != StageKind.OPEN) {
                problems.add(new FieldProblem(prefix + "stallAfter", "only open stages can stall"));
            }
        }
        if (problems.size() > before) {
            return null;
        }
        return new Stage(id, name, probability, kind, List.copyOf(new LinkedHashSet<>(required)), stallAfter);
    }

    private static void checkStageSet(List<Stage> stages, String field) {
        if (stages.size() > MAX_STAGES) {
            throw InvalidRequestException.field(field, "a pipeline has at most " + MAX_STAGES + " stages");
        }
        Set<String> names = new HashSet<>();
        for (Stage stage : stages) {
            if (!names.add(stage.name().toLowerCase(java.util.Locale.ROOT))) {
                throw InvalidRequestException.field(field, "stage name '" + stage.name() + "' is used twice");
            }
        }
        for (StageKind kind : StageKind.values()) {
            if (stages.stream().noneMatch(stage -> stage.kind() == kind)) {
                throw InvalidRequestException.field(field, "a pipeline needs at least one "
                        + kind.name().toLowerCase(java.util.Locale.ROOT) + " stage");
            }
        }
    }

    private static List<String> reasons(List<String> reasons, List<FieldProblem> problems) {
        if (reasons == null) {
            return List.of();
        }
        LinkedHashSet<String> clean = new LinkedHashSet<>();
        for (int i = 0; i < reasons.size(); i++) {
            String reason = text(reasons.get(i), "lostReasons[" + i + "]", MAX_NAME, problems);
            if (reason != null) {
                clean.add(reason);
            }
        }
        if (clean.size() > MAX_REASONS) {
            problems.add(new FieldProblem("lostReasons", "at most " + MAX_REASONS + " reasons"));
        }
        return List.copyOf(clean);
    }

    static String text(String value, String field, int max, List<FieldProblem> problems) {
        return TextFields.clean(value, field, max, true, problems);
    }

    private static void failIf(List<FieldProblem> problems, String message) {
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(message, problems);
        }
    }
}
