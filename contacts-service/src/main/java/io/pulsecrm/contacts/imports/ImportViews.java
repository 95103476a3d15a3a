package io.pulsecrm.contacts.imports;

import java.util.LinkedHashMap;
import java.util.Map;

import io.pulsecrm.contacts.customfields.CustomFields;
import org.springframework.stereotype.Component;

/** An import job as the API shows it: how its file is read, its suggested mapping, progress and report. */
@Component
class ImportViews {

    private final CustomFields customFields;
    private final ImportRecordTypes recordTypes;

    ImportViews(CustomFields customFields, ImportRecordTypes recordTypes) {
        this.customFields = customFields;
        this.recordTypes = recordTypes;
    }

    Map<String, Object> of(ImportJob job) {
        Map<String, Object> view = new LinkedHashMap<>();
        ImportJob.FileSettings file = job.file() == null ? new ImportJob.FileSettings("csv", "UTF-8", ",", null, null) : job.file();
        view.put("id", job.id());
        view.put("fileName", job.fileName());
        view.put("recordType", job.recordType());
        view.put("format", file.format());
        view.put("encoding", file.encoding());
        view.put("delimiter", file.delimiter());
        view.put("sheets", file.sheets());
        view.put("sheet", file.sheet());
        view.put("size", job.size());
        view.put("rows", job.rows());
        view.put("status", job.status());
        view.put("mode", job.mode());
        view.put("columns", job.columns());
        ImportedRecords records = recordTypes.of(job.recordType());
        view.put("suggestedMapping", records.suggest(job.columns(), customFields.byKey(records.customFieldType())));
        view.put("preview", job.preview());
        view.put("mapping", job.mapping());
        view.put("allowDuplicates", job.allowDuplicates());
        view.put("defaultPhoneRegion", job.defaultPhoneRegion());
        view.put("timeZone", job.timeZone());
        view.put("rowsProcessed", job.rowsProcessed());
        view.put("created", job.created());
        view.put("duplicates", job.duplicates());
        view.put("failed", job.failed());
        view.put("rowErrors", job.rowErrors());
        view.put("warnings", job.warnings());
        view.put("records", job.records());
        view.put("createdAt", job.createdAt());
        view.put("startedAt", job.startedAt());
        view.put("finishedAt", job.finishedAt());
        view.put("failure", job.failure());
        view.put("createdBy", job.importer() == null ? null : job.importer().caller().actor());
        return view;
    }
}
