package io.pulsecrm.contacts.imports;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.pulsecrm.platform.identity.Caller;
import io.pulsecrm.platform.security.CurrentCaller;
import io.pulsecrm.platform.web.CursorPage;
import io.pulsecrm.platform.web.NewestFirst;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.MediaType;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/imports}: the caller's own imports, newest first, cursor paged, each in the same view as
 * {@code GET /api/imports/{id}}. Only the uploader's jobs, admins included: the list is a person's history, not an
 * audit of everyone's.
 */
@RestController
@Validated
@RequestMapping(path = "/api/imports", produces = MediaType.APPLICATION_JSON_VALUE)
class ImportHistoryController {

    private static final NewestFirst ORDER = new NewestFirst("createdAt");

    private final MongoTemplate mongo;
    private final ImportViews views;

    ImportHistoryController(MongoTemplate mongo, ImportViews views) {
        this.mongo = mongo;
        this.views = views;
    }

    @GetMapping
    CursorPage<Map<String, Object>> history(@RequestParam(defaultValue = "20") @Min(1) @Max(200) int limit,
                                         @RequestParam(required = false) String cursor) {
        Caller caller = CurrentCaller.get();
        List<Criteria> all = new ArrayList<>();
        all.add(Criteria.where("importer.id").is(caller.id()).and("importer.kind").is(caller.kind().name()));
        if (cursor != null) {
            all.add(ORDER.after(cursor));
        }
        Query query = Query.query(new Criteria().andOperator(all)).with(ORDER.sort()).limit(limit + 1);
        CursorPage<ImportJob> page = ORDER.page(mongo.find(query, ImportJob.class), limit, ImportJob::createdAt, ImportJob::id);
        return new CursorPage<>(page.items().stream().map(views::of).toList(), page.nextCursor());
    }
}
