package io.pulsecrm.tasks.tasks;

import java.util.ArrayList;
import java.util.List;

import io.pulsecrm.platform.identity.Member;
import io.pulsecrm.platform.security.Visibility;
import io.pulsecrm.platform.tabular.ExportOptions;
import io.pulsecrm.platform.tabular.TableDownload;
import io.pulsecrm.platform.web.CursorPage;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The task list as a file that opens in Excel ({@link TableDownload}: CSV in UTF-8 with a byte order mark,
 * {@code delimiter=;}, {@code bom=false}, or {@code format=xlsx}): the tasks the list shows for the same filters and the
 * caller's visibility, read through the list's query ({@link TaskQueries#page}) a keyset page at a time so memory stays
 * flat. {@code dueLocal} is the due time in the task's own time zone, as a person planned it.
 */
@Component
class TaskExport {

    static final List<String> COLUMNS = List.of("id", "title", "type", "priority", "status", "dueAt", "dueLocal",
            "timeZone", "overdue", "assigneeId", "assignee", "contactId", "companyId", "dealId", "description",
            "createdAt", "completedAt");

    /** Tasks read per query: a page of the list at its largest. */
    static final int PAGE = 200;

    static final String FILE_NAME = "tasks";

    private final TaskQueries queries;
    private final Visibility visibility;

    TaskExport(TaskQueries queries, Visibility visibility) {
        this.queries = queries;
        this.visibility = visibility;
    }

    ResponseEntity<StreamingResponseBody> export(TaskQueries.Filter filter, ExportOptions options) {
        // decided in the request's thread: the rows are written by another one
        Criteria visible = queries.visibleToCaller();
        return TableDownload.of(FILE_NAME, options, writer -> {
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
