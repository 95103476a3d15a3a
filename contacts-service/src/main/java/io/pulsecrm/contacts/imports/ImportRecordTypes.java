package io.pulsecrm.contacts.imports;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pulsecrm.platform.web.InvalidRequestException;
import org.springframework.stereotype.Component;

/**
 * The record types a file can be imported as ({@code contacts}, {@code companies}, {@code activities}), each with its
 * {@link ImportedRecords}.
 */
@Component
class ImportRecordTypes {

    private final Map<String, ImportedRecords> byType = new LinkedHashMap<>();

    /** Contacts first (the default), then what refers to them: the order messages list them in. */
    private static final List<String> ORDER = List.of(ImportJob.CONTACTS, ImportJob.COMPANIES, ImportJob.ACTIVITIES);

    ImportRecordTypes(List<ImportedRecords> types) {
        types.stream().sorted(java.util.Comparator.comparing(type -> ORDER.indexOf(type.recordType())))
                .forEach(type -> byType.put(type.recordType(), type));
    }

    /** The type a job was uploaded as. */
    ImportedRecords of(String recordType) {
        ImportedRecords type = byType.get(recordType == null ? ImportJob.CONTACTS : recordType);
        if (type == null) {
            throw new IllegalStateException("no import of " + recordType);
        }
        return type;
    }

    /** The type an upload names ({@code contacts} when it names none); 400 on {@code recordType} for an unknown one. */
    String checked(String recordType) {
        if (recordType == null || recordType.isBlank()) {
            return ImportJob.CONTACTS;
        }
        if (!byType.containsKey(recordType.strip())) {
            throw InvalidRequestException.field("recordType", "must be one of " + byType.keySet());
        }
        return recordType.strip();
    }
}
