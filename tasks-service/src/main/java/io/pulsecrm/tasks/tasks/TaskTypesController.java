package io.pulsecrm.tasks.tasks;

import java.util.Arrays;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/tasks/types}: the task types and what each asks for, so a client can mark required inputs before
 * the person saves (creating without a due time, completing without an outcome) instead of learning it from a 400.
 * The rules themselves stay in {@link TaskValidator} and {@link Task#complete}; this only describes them.
 */
@RestController
@RequestMapping(path = "/api/tasks/types", produces = MediaType.APPLICATION_JSON_VALUE)
class TaskTypesController {

    private final TasksProperties properties;

    TaskTypesController(TasksProperties properties) {
        this.properties = properties;
    }

    /**
     * @param requiredFields what completing a task of this type requires besides the task's own {@code requiredFields}
     *                       ({@code outcome} = the outcome note, any other name a key of the completion's fields)
     * @param needsDueTime   a task of this type cannot be created without {@code dueAt}
     * @param hasDuration    the type takes {@code durationMinutes}
     */
    record TaskTypeInfo(String type, List<String> requiredFields, boolean needsDueTime, boolean hasDuration) {
    }

    record TaskTypes(List<TaskTypeInfo> types) {
    }

    @GetMapping
    TaskTypes types() {
        return new TaskTypes(Arrays.stream(TaskType.values())
                .map(type -> new TaskTypeInfo(type.wire(), List.copyOf(properties.requiredFieldsFor(type)),
                        type.needsDueTime(), type.hasDuration()))
                .toList());
    }
}
