package io.pulsecrm.tasks.tasks;

import java.util.ArrayList;
import java.util.List;

import io.pulsecrm.platform.identity.Member;
import io.pulsecrm.platform.security.Visibility;
import io.pulsecrm.platform.tabular.ExportOptions;
import io.pulsecrm.platform.tabular.TableDownload;
import io.pulsecrm.platform.tabular.TabularFormat;
import io.pulsecrm.platform.web.CursorPage;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * {@code GET /api/tasks/export}: the tasks the list shows for the same filters and the caller's visibility (the web's
 * agenda asks for an assignee's open tasks), as a file that opens in Excel ({@link TableDownload}: CSV in UTF-8 with a
 * byte order mark, {@code delimiter=;}, {@code bom=false}, or {@code format=xlsx}), read through the list's query a
 * keyset page at a time so memory stays flat. {@code dueLocal} is the due time in the task's own time zone, as a person
 * planned it.
 */
@RestController
class TaskExportController {

    static final List<String> COLUMNS = List.of("id", "title", "type", "priority", "status", "dueAt", "dueLocal",
            "timeZone", "overdue", "assigneeId", "assignee", "contactId", "companyId", "dealId", "description",
            "createdAt", "completedAt");

    /** Tasks read per query: a page of the list at its largest. */
    static final int PAGE = 200;

    static final String FILE_NAME = "tasks";

    private final TaskQueries queries;
    private final Visibility visibility;

    TaskExportController(TaskQueries queries, Visibility visibility) {
        this.queries = queries;
        this.visibility = visibility;
    }

    /** The filters of {@code GET /api/tasks} ({@link TaskListQuery}). */
    @GetMapping(path = "/api/tasks/export", produces = {"text/csv", TabularFormat.XLSX_MEDIA_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    ResponseEntity<StreamingResponseBody> export(TaskListQuery query,
                                                 @RequestParam(required = false) String format,
                                                 @RequestParam(required = false) String delimiter,
                                                 @RequestParam(required = false) Boolean bom) {
        var filter = query.filter();
        // decided in the request's thread: the rows are written by another one
        Criteria visible = queries.visibleToCaller();
        return TableDownload.of(FILE_NAME, ExportOptions.of(format, delimiter, bom), writer -> {
            writer.row(COLUMNS);
            CursorPage.forEach(cursor -> queries.page(filter, visible, PAGE, cursor), task -> writer.row(row(task)));
        });
    }

    private List<Object> row(TaskResponse task) {
        List<Object> cells = new ArrayList<>();
        cells.add(task.id());
        cells.add(task.title());
        cells.add(task.type());
        cells.add(task.priority());
        cells.add(task.status());
        cells.add(task.dueAt());
        cells.add(task.dueLocal());
        cells.add(task.timeZone());
        cells.add(task.overdue());
        cells.add(task.assigneeId());
        cells.add(visibility.directory().find(task.assigneeId()).map(Member::name).orElse(null));
        cells.add(task.contactId());
        cells.add(task.companyId());
        cells.add(task.dealId());
        cells.add(task.description());
        cells.add(task.createdAt());
        cells.add(task.completedAt());
        return cells;
    }
}
