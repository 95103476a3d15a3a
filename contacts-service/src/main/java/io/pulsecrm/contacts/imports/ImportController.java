package io.pulsecrm.contacts.imports;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.pulsecrm.contacts.customfields.CustomFieldDefinition;
import io.pulsecrm.contacts.customfields.CustomFields;
import io.pulsecrm.platform.aggregate.AggregateNotFoundException;
import io.pulsecrm.platform.aggregate.StateConflictException;
import io.pulsecrm.platform.events.Ids;
import io.pulsecrm.platform.identity.Caller;
import io.pulsecrm.platform.identity.Role;
import io.pulsecrm.platform.security.CurrentCaller;
import io.pulsecrm.platform.web.InvalidRequestException;
import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import jakarta.servlet.http.HttpServletRequest;
import org.bson.Document;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/imports}: CSV import of contacts as an asynchronous job. Upload ({@code POST /api/imports}, body
 * {@code text/csv}, streamed into chunks), then {@code POST /{id}/dry-run} or {@code POST /{id}/run} with the
 * column mapping, watch {@code GET /{id}} (progress and per-row errors), {@code POST /{id}/cancel}. A job is visible
 * to whoever uploaded it and to admins (404 for anyone else); it runs with the uploader's rights ({@link Importer}).
 */
@RestController
@RequestMapping(path = "/api/imports", produces = MediaType.APPLICATION_JSON_VALUE)
class ImportController {

    static final int CHUNK_CHARS = 64 * 1024;

    /** Body of dry-run and run: CSV column name to contact field; absent: the suggested mapping. */
    record StartRequest(Map<String, String> mapping, Boolean allowDuplicates) {
    }

    private final MongoTemplate mongo;
    private final ImportWorker worker;
    private final CustomFields customFields;
    private final Clock clock;

    ImportController(MongoTemplate mongo, ImportWorker worker, CustomFields customFields, Clock clock) {
        this.mongo = mongo;
        this.customFields = customFields;
        this.worker = worker;
        this.clock = clock;
    }

    @PostMapping(consumes = {"text/csv", MediaType.TEXT_PLAIN_VALUE})
    ResponseEntity<Map<String, Object>> upload(HttpServletRequest request,
                                               @RequestParam(defaultValue = "contacts.csv") String fileName) throws IOException {
        String id = Ids.newId();
        int chunks = 0;
        long chars = 0;
        try (Reader in = new InputStreamReader(request.getInputStream(), StandardCharsets.UTF_8)) {
            char[] buffer = new char[CHUNK_CHARS];
            while (true) {
                int filled = 0;
                int n;
                while (filled < buffer.length && (n = in.read(buffer, filled, buffer.length - filled)) != -1) {
                    filled += n;
                }
                if (filled == 0) {
                    break;
                }
                String text = new String(buffer, 0, filled);
                if (chunks == 0 && text.startsWith("\uFEFF")) {
                    text = text.substring(1); // byte order mark
                }
                mongo.insert(new Document("_id", id + ":" + chunks).append("jobId", id).append("seq", chunks).append("text", text),
                        ImportJob.CHUNKS);
                chunks++;
                chars += filled;
                if (filled < buffer.length) {
                    break;
                }
            }
        }
        CsvReader.Row header = new CsvReader(new ChunkReader(mongo, id, chunks)).next();
        List<String> columns = header == null ? List.of() : header.cells().stream().map(String::strip).toList();
        if (header == null || header.problem() != null || columns.stream().allMatch(String::isEmpty)
                || new HashSet<>(columns).size() != columns.size()) {
            mongo.remove(Query.query(Criteria.where("jobId").is(id)), ImportJob.CHUNKS);
            throw InvalidRequestException.field("file", "must be CSV starting with a header row of distinct column names");
        }
        ImportJob job = mongo.insert(new ImportJob(id, fileName, chars, chunks, columns, "uploaded", null, List.of(), false,
                0, 0, 0, 0, List.of(), false, null, null, clock.instant(), null, null, null, Importer.of(CurrentCaller.get())));
        return ResponseEntity.created(URI.create("/api/imports/" + id)).body(view(job));
    }

    @GetMapping("/{id}")
    Map<String, Object> get(@PathVariable String id) {
        return view(load(id));
    }

    @PostMapping(path = "/{id}/dry-run", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> dryRun(@PathVariable String id, @RequestBody(required = false) StartRequest request) {
        return start(id, "dry_run", request);
    }

    @PostMapping(path = "/{id}/run", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> run(@PathVariable String id, @RequestBody(required = false) StartRequest request) {
        return start(id, "run", request);
    }

    @PostMapping("/{id}/cancel")
    Map<String, Object> cancel(@PathVariable String id) {
        load(id);
        ImportJob idle = mongo.findAndModify(Query.query(Criteria.where("_id").is(id).and("status").in("uploaded", "validated", "queued")),
                new Update().set("status", "cancelled").set("finishedAt", clock.instant()), FindAndModifyOptions.options().returnNew(true),
                ImportJob.class);
        if (idle != null) {
            worker.dropChunks(id);
            return view(idle);
        }
        ImportJob running = mongo.findAndModify(Query.query(Criteria.where("_id").is(id).and("status").is("running")),
                new Update().set("cancelRequested", true), FindAndModifyOptions.options().returnNew(true), ImportJob.class);
        if (running == null) {
            throw new StateConflictException("Import " + id + " has already finished");
        }
        return view(running);
    }

    private ResponseEntity<Map<String, Object>> start(String id, String mode, StartRequest request) {
        ImportJob job = load(id);
        List<ImportJob.ColumnMapping> mapping = mapping(job.columns(), request == null ? null : request.mapping(),
                customFields.byKey("contact"));
        Update update = new Update().set("status", "queued").set("mode", mode).set("mapping", mapping)
                .set("allowDuplicates", request != null && Boolean.TRUE.equals(request.allowDuplicates()))
                .set("rowsProcessed", 0L).set("created", 0L).set("duplicates", 0L).set("failed", 0L)
                .set("rowErrors", List.of()).set("cancelRequested", false).set("claimedBy", null).set("heartbeatAt", null)
                .set("startedAt", null).set("finishedAt", null).set("failure", null);
        ImportJob queued = mongo.findAndModify(Query.query(Criteria.where("_id").is(id).and("status").in("uploaded", "validated")),
                update, FindAndModifyOptions.options().returnNew(true), ImportJob.class);
        if (queued == null) {
            throw new StateConflictException("Import " + id + " is " + job.status() + ": only an uploaded or dry-run import can be started");
        }
        worker.wakeUp();
        return ResponseEntity.accepted().body(view(queued));
    }

    /**
     * The requested mapping, checked; without one, columns named like a field (letters only, case-insensitive:
     * {@code First Name} → firstName), like a custom field's key or label, or {@code cf.<key>}, are mapped to it.
     */
    private static List<ImportJob.ColumnMapping> mapping(List<String> columns, Map<String, String> requested,
                                                         Map<String, CustomFieldDefinition> definitions) {
        Map<String, String> wanted = requested;
        if (wanted == null) {
            Map<String, String> targets = new LinkedHashMap<>();
            ImportFields.FIELDS.forEach(field -> targets.put(letters(field), field));
            definitions.values().forEach(definition -> {
                targets.putIfAbsent(letters(definition.key()), CustomFields.PREFIX + definition.key());
                targets.putIfAbsent(letters(definition.label()), CustomFields.PREFIX + definition.key());
                targets.putIfAbsent(letters(CustomFields.PREFIX + definition.key()), CustomFields.PREFIX + definition.key());
            });
            wanted = new LinkedHashMap<>();
            for (String column : columns) {
                String field = targets.get(letters(column));
                if (field != null) {
                    wanted.put(column, field);
                }
            }
        }
        List<FieldProblem> problems = new ArrayList<>();
        List<ImportJob.ColumnMapping> mapping = new ArrayList<>();
        Set<String> fields = new HashSet<>();
        for (var entry : wanted.entrySet()) {
            if (!columns.contains(entry.getKey())) {
                problems.add(new FieldProblem("mapping", "'" + entry.getKey() + "' is not a column of the file"));
            } else if (!ImportFields.importable(entry.getValue(), definitions)) {
                problems.add(new FieldProblem("mapping", "'" + entry.getValue() + "' is not an importable field "
                        + ImportFields.FIELDS + " or cf.<key> of a defined contact custom field"));
            } else if (!fields.add(entry.getValue())) {
                problems.add(new FieldProblem("mapping", "'" + entry.getValue() + "' is mapped twice"));
            } else {
                mapping.add(new ImportJob.ColumnMapping(entry.getKey(), entry.getValue()));
            }
        }
        if (!fields.contains("firstName")) {
            problems.add(new FieldProblem("mapping", "a column must be mapped to firstName"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("The column mapping is invalid", problems);
        }
        return mapping;
    }

    private static String letters(String name) {
        return name == null ? "" : name.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
    }

    /**
     * The job, if the caller may see it (they uploaded it, or they are an admin; a job from before identity has no
     * uploader and is for admins only); otherwise 404 as if it did not exist.
     */
    private ImportJob load(String id) {
        ImportJob job = mongo.findById(id, ImportJob.class);
        Caller caller = CurrentCaller.get();
        boolean visible = job != null && (job.importer() == null ? caller.is(Role.ADMIN) : job.importer().visibleTo(caller));
        if (!visible) {
            throw new AggregateNotFoundException("import", id);
        }
        return job;
    }

    static Map<String, Object> view(ImportJob job) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", job.id());
        view.put("fileName", job.fileName());
        view.put("status", job.status());
        view.put("mode", job.mode());
        view.put("columns", job.columns());
        view.put("mapping", job.mapping());
        view.put("allowDuplicates", job.allowDuplicates());
        view.put("rowsProcessed", job.rowsProcessed());
        view.put("created", job.created());
        view.put("duplicates", job.duplicates());
        view.put("failed", job.failed());
        view.put("rowErrors", job.rowErrors());
        view.put("createdAt", job.createdAt());
        view.put("startedAt", job.startedAt());
        view.put("finishedAt", job.finishedAt());
        view.put("failure", job.failure());
        view.put("createdBy", job.importer() == null ? null : job.importer().caller().actor());
        return view;
    }
}
