package io.pulsecrm.tasks.tasks;

import io.pulsecrm.platform.tabular.ExportOptions;
import io.pulsecrm.platform.tabular.TabularFormat;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * {@code GET /api/tasks/export}: the tasks {@code GET /api/tasks} shows for the same filters and visibility (the web's
 * agenda asks for an assignee's open tasks) as CSV with a byte order mark ({@code delimiter=;}, {@code bom=false}) or
 * {@code format=xlsx} ({@link TaskExport}).
 */
@RestController
class TaskExportController {

    private final TaskExport export;

    TaskExportController(TaskExport export) {
        this.export = export;
    }

    /** The filters of {@code GET /api/tasks} ({@link TaskListQuery}). */
    @GetMapping(path = "/api/tasks/export", produces = {"text/csv", TabularFormat.XLSX_MEDIA_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    ResponseEntity<StreamingResponseBody> export(TaskListQuery query,
                                                 @RequestParam(required = false) String format,
                                                 @RequestParam(required = false) String delimiter,
                                                 @RequestParam(required = false) Boolean bom) {
        return export.export(query.filter(), ExportOptions.of(format, delimiter, bom));
    }
}
