package io.pulsecrm.contacts.imports;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.pulsecrm.contacts.customfields.CustomFieldDefinition;
import io.pulsecrm.contacts.customfields.CustomFields;
import io.pulsecrm.platform.aggregate.AggregateNotFoundException;
import io.pulsecrm.platform.aggregate.StateConflictException;
import io.pulsecrm.contacts.settings.PhoneRegions;
import io.pulsecrm.platform.events.Ids;
import io.pulsecrm.platform.tabular.TabularFormat;
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
 * {@code /api/imports}: import of contacts or companies from a file (CSV in any encoding and delimiter, .xlsx, vCard)
 * as an asynchronous job. Upload ({@code POST /api/imports}, the file as the body, streamed into chunks; {@code ?encoding=},
 * {@code ?delimiter=}, {@code ?sheet=} override what is detected; {@code ?recordType=companies} imports companies,
 * contacts by default), then {@code POST /{id}/dry-run} or {@code POST /{id}/run} with the
 * column mapping, watch {@code GET /{id}} (progress and per-row errors), {@code POST /{id}/cancel}. A job is visible
 * to whoever uploaded it and to admins (404 for anyone else); it runs with the uploader's rights ({@link Importer}).
 */
@RestController
@RequestMapping(path = "/api/imports", produces = MediaType.APPLICATION_JSON_VALUE)
class ImportController {

    /**
     * Body of dry-run and run.
     *
     * @param mapping            file column name to a field of the job's record type; absent: the suggested mapping
     * @param allowDuplicates    import rows whose email or phone a contact already has (companies: domain, else name)
     * @param defaultPhoneRegion ISO 3166 region for phone numbers written without a country code, in rows without a
     *                           country; absent: the organisation's default ({@code /api/settings/phone-region})
     * @param timeZone           IANA time zone of dates and times written without an offset (an activity's date);
     *                           absent: UTC
     */
    record StartRequest(Map<String, String> mapping, Boolean allowDuplicates, String defaultPhoneRegion, String timeZone) {
    }

    private final MongoTemplate mongo;
    private final ImportFiles files;
    private final PhoneRegions phoneRegions;
    private final ImportWorker worker;
    private final CustomFields customFields;
    private final ImportViews views;
    private final ImportRecordTypes recordTypes;
    private final Clock clock;

    ImportController(MongoTemplate mongo, ImportFiles files, PhoneRegions phoneRegions, ImportWorker worker,
                     CustomFields customFields, ImportViews views, ImportRecordTypes recordTypes, Clock clock) {
        this.mongo = mongo;
        this.recordTypes = recordTypes;
        this.files = files;
        this.phoneRegions = phoneRegions;
        this.customFields = customFields;
        this.views = views;
        this.worker = worker;
        this.clock = clock;
    }

    @PostMapping(consumes = {"text/csv", MediaType.TEXT_PLAIN_VALUE, "text/tab-separated-values", "application/csv",
            "application/vnd.ms-excel", TabularFormat.XLSX_MEDIA_TYPE, "text/vcard", "text/x-vcard",
            MediaType.APPLICATION_OCTET_STREAM_VALUE})
    ResponseEntity<Map<String, Object>> upload(HttpServletRequest request,
                                               @RequestParam(defaultValue = "contacts.csv") String fileName,
                                               @RequestParam(required = false) String encoding,
                                               @RequestParam(required = false) String delimiter,
                                               @RequestParam(required = false) String sheet,
                                               @RequestParam(required = false) String recordType) throws IOException {
        String type = recordTypes.checked(recordType); // before the bytes are read: a wrong type stores nothing
        String id = Ids.newId();
        ImportFiles.Stored stored = files.store(id, request.getInputStream(), request.getContentType(), fileName, encoding,
                delimiter, sheet);
        ImportJob job = mongo.insert(new ImportJob(id, fileName, stored.size(), stored.chunks(), stored.file(),
                stored.columns(), stored.rows(), stored.preview(), "uploaded", null, List.of(), false, null, 0, 0, 0, 0,
                List.of(), List.of(), false, null, null, clock.instant(), null, null, null, Importer.of(CurrentCaller.get()),
                type, List.of(), null));
        return ResponseEntity.created(URI.create("/api/imports/" + id)).body(views.of(job));
    }

    @GetMapping("/{id}")
    Map<String, Object> get(@PathVariable String id) {
        return views.of(load(id));
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
            return views.of(idle);
        }
        ImportJob running = mongo.findAndModify(Query.query(Criteria.where("_id").is(id).and("status").is("running")),
                new Update().set("cancelRequested", true), FindAndModifyOptions.options().returnNew(true), ImportJob.class);
        if (running == null) {
            throw new StateConflictException("Import " + id + " has already finished");
        }
        return views.of(running);
    }

    private ResponseEntity<Map<String, Object>> start(String id, String mode, StartRequest request) {
        ImportJob job = load(id);
        ImportedRecords records = recordTypes.of(job.recordType());
        List<ImportJob.ColumnMapping> mapping = mapping(job.columns(), request == null ? null : request.mapping(), records,
                customFields.byKey(records.customFieldType()));
        String region = request == null || request.defaultPhoneRegion() == null || request.defaultPhoneRegion().isBlank() ? null
                : phoneRegions.checked(request.defaultPhoneRegion(), "defaultPhoneRegion");
        String timeZone = request == null || request.timeZone() == null || request.timeZone().isBlank() ? null
                : zone(request.timeZone());
        Update update = new Update().set("status", "queued").set("mode", mode).set("mapping", mapping)
                .set("timeZone", timeZone)
                .set("allowDuplicates", request != null && Boolean.TRUE.equals(request.allowDuplicates()))
                .set("defaultPhoneRegion", region).set("warnings", List.of())
                .set("rowsProcessed", 0L).set("created", 0L).set("duplicates", 0L).set("failed", 0L)
                .set("rowErrors", List.of()).set("records", List.of()).set("cancelRequested", false).set("claimedBy", null).set("heartbeatAt", null)
                .set("startedAt", null).set("finishedAt", null).set("failure", null);
        ImportJob queued = mongo.findAndModify(Query.query(Criteria.where("_id").is(id).and("status").in("uploaded", "validated")),
                update, FindAndModifyOptions.options().returnNew(true), ImportJob.class);
        if (queued == null) {
            throw new StateConflictException("Import " + id + " is " + job.status() + ": only an uploaded or dry-run import can be started");
        }
        worker.wakeUp();
        return ResponseEntity.accepted().body(views.of(queued));
    }

    /** The requested mapping, checked; without one, the suggested mapping ({@link ImportedRecords#suggest}). */
    private static List<ImportJob.ColumnMapping> mapping(List<String> columns, Map<String, String> requested,
                                                         ImportedRecords records,
                                                         Map<String, CustomFieldDefinition> definitions) {
        Map<String, String> wanted = requested != null ? requested : records.suggest(columns, definitions);
        List<FieldProblem> problems = new ArrayList<>();
        List<ImportJob.ColumnMapping> mapping = new ArrayList<>();
        Set<String> fields = new HashSet<>();
        for (var entry : wanted.entrySet()) {
            if (!columns.contains(entry.getKey())) {
                problems.add(new FieldProblem("mapping", "'" + InvalidRequestException.echo(entry.getKey()) + "' is not a column of the file"));
            } else if (!ImportFields.importable(entry.getValue(), records.fields(), definitions)) {
                problems.add(new FieldProblem("mapping", "'" + InvalidRequestException.echo(entry.getValue()) + "' is not an importable field "
                        + records.fields() + " or cf.<key> of a defined " + records.customFieldType() + " custom field"));
            } else if (!fields.add(entry.getValue())) {
                problems.add(new FieldProblem("mapping", "'" + InvalidRequestException.echo(entry.getValue()) + "' is mapped twice"));
            } else {
                mapping.add(new ImportJob.ColumnMapping(entry.getKey(), entry.getValue()));
            }
        }
        if (!fields.contains(records.requiredField())) {
            problems.add(new FieldProblem("mapping", "a column must be mapped to " + records.requiredField()));
        }
        problems.addAll(records.mappingProblems(fields));
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("The column mapping is invalid", problems);
        }
        return mapping;
    }

    /** An IANA time zone id ({@code Europe/Moscow}), checked; 400 on {@code timeZone} for anything else. */
    private static String zone(String requested) {
        try {
            return java.time.ZoneId.of(requested.strip()).getId();
        } catch (java.time.DateTimeException e) {
            throw InvalidRequestException.field("timeZone", "must be an IANA time zone such as Europe/Moscow or UTC");
        }
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
}
