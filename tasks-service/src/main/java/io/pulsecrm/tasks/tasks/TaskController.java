package io.pulsecrm.tasks.tasks;

import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.events.Ids;
import io.pulsecrm.platform.history.HistoryEntry;
import io.pulsecrm.platform.history.RecordHistory;
import io.pulsecrm.platform.web.CursorPage;
import io.pulsecrm.platform.web.IfMatch;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/tasks}: HTTP in, domain calls, HTTP out. Rules live in {@link Task} and {@link TaskValidator};
 * who sees which task in {@link TaskQueries}, who may give a task to whom in {@link TaskPeople}. A task the
 * caller may not see answers 404 to every operation, exactly like one that does not exist.
 */
@RestController
@Validated
@RequestMapping(path = "/api/tasks", produces = MediaType.APPLICATION_JSON_VALUE)
class TaskController {

    private static final String MERGE_PATCH_JSON = "application/merge-patch+json";

    private final AggregateStore store;
    private final TaskValidator validator;
    private final TaskQueries queries;
    private final TaskPeople people;
    private final RecordHistory history;
    private final TasksProperties properties;
    private final JsonMapper json;
    private final Clock clock;

    TaskController(AggregateStore store, TaskValidator validator, TaskQueries queries, TaskPeople people,
                   RecordHistory history, TasksProperties properties, JsonMapper json, Clock clock) {
        this.store = store;
        this.validator = validator;
        this.queries = queries;
        this.people = people;
        this.history = history;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    record AssignRequest(String assigneeId) {
    }

    record CompleteRequest(String outcome, Map<String, String> fields) {
    }

    record CancelRequest(String reason) {
    }

    /** A task's change history, newest first. */
    record History(String taskId, List<HistoryEntry> items) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TaskResponse> create(@RequestBody TaskRequest request) {
        TaskDetails details = validator.validate(request.toInput());
        String assignee = people.assigneeOfNewTask(validator.userId(request.assigneeId(), "assigneeId", false));
        String creator = people.creator(validator.userId(request.creatorId(), "creatorId", false));
        people.requireValidPeople(null, details);
        Task task = store.save(Task.create(Ids.newId(), details, assignee, creator, clock.instant()));
        return ResponseEntity.created(URI.create("/api/tasks/" + task.getId()))
                .eTag(IfMatch.etag(task.getVersion()))
                .body(TaskResponse.of(task, clock.instant()));
    }

    @GetMapping("/{id}")
    ResponseEntity<TaskResponse> get(@PathVariable String id) {
        return ok(queries.visibleTask(id));
    }

    /** Who changed what and when, newest first; the task must be visible to the caller. */
    @GetMapping("/{id}/history")
    History history(@PathVariable String id, @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        queries.visibleTask(id);
        return new History(id, history.of(Task.class, id, limit));
    }

    /** Filters combine with AND ({@link TaskListQuery}). */
    @GetMapping
    CursorPage<TaskResponse> list(@RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit,
                                  @RequestParam(required = false) String cursor,
                                  TaskListQuery query) {
        return queries.page(query.filter(), limit, cursor);
    }

    /** JSON merge patch: fields present are changed (null clears), fields absent are kept. */
    @PatchMapping(path = "/{id}", consumes = {MediaType.APPLICATION_JSON_VALUE, MERGE_PATCH_JSON})
    ResponseEntity<TaskResponse> update(@PathVariable String id,
                                        @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                        @RequestBody JsonNode patch) {
        long expectedVersion = IfMatch.requiredVersion(ifMatch);
        Task task = queries.visibleTask(id);
        TaskInput changed = TaskPatch.apply(patch, TaskPatch.currentInput(task), json);
        TaskDetails details = validator.validate(changed);
        people.requireValidPeople(task.details(), details);
        task.update(details, expectedVersion, clock.instant());
        return ok(store.save(task));
    }

    @PostMapping(path = "/{id}/assign", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TaskResponse> assign(@PathVariable String id,
                                        @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                        @RequestBody AssignRequest request) {
        long expectedVersion = IfMatch.requiredVersion(ifMatch);
        String assignee = validator.userId(request.assigneeId(), "assigneeId", true);
        Task task = queries.visibleTask(id);
        people.requireReassignable(task.getAssigneeId(), assignee);
        task.assign(assignee, expectedVersion, clock.instant());
        return ok(store.save(task));
    }

    @PostMapping(path = "/{id}/complete")
    ResponseEntity<TaskResponse> complete(@PathVariable String id,
                                          @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                          @RequestBody(required = false) CompleteRequest request) {
        long expectedVersion = IfMatch.requiredVersion(ifMatch);
        CompleteRequest body = request == null ? new CompleteRequest(null, null) : request;
        Map<String, String> fields = validator.completionFields(body.outcome(), body.fields());
        Task task = queries.visibleTask(id);
        var requiredByType = new LinkedHashSet<>(properties.requiredFieldsFor(task.getType()));
        task.complete(body.outcome() == null ? null : body.outcome().strip(), fields, requiredByType,
                expectedVersion, clock.instant());
        return ok(store.save(task));
    }

    @PostMapping(path = "/{id}/reopen")
    ResponseEntity<TaskResponse> reopen(@PathVariable String id,
                                        @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        long expectedVersion = IfMatch.requiredVersion(ifMatch);
        Task task = queries.visibleTask(id);
        task.reopen(expectedVersion, clock.instant());
        return ok(store.save(task));
    }

    @PostMapping(path = "/{id}/cancel")
    ResponseEntity<TaskResponse> cancel(@PathVariable String id,
                                        @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                        @RequestBody(required = false) CancelRequest request) {
        long expectedVersion = IfMatch.requiredVersion(ifMatch);
        String reason = request == null || request.reason() == null || request.reason().isBlank()
                ? "cancelled" : request.reason().strip();
        if (reason.length() > 500) {
            throw io.pulsecrm.platform.web.InvalidRequestException.field("reason", "must be at most 500 characters");
        }
        Task task = queries.visibleTask(id);
        task.cancel(reason, expectedVersion, clock.instant());
        return ok(store.save(task));
    }

    private ResponseEntity<TaskResponse> ok(Task task) {
        return ResponseEntity.ok().eTag(IfMatch.etag(task.getVersion())).body(TaskResponse.of(task, clock.instant()));
    }
}
