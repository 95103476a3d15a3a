package io.pulsecrm.contacts.imports;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.pulsecrm.platform.tabular.Delimiters;
import io.pulsecrm.platform.tabular.Table;
import io.pulsecrm.platform.tabular.TableSettings;
import io.pulsecrm.platform.tabular.Tables;
import io.pulsecrm.platform.tabular.TabularException;
import io.pulsecrm.platform.tabular.TabularFormat;
import io.pulsecrm.platform.tabular.XlsxTable;
import io.pulsecrm.platform.web.InvalidRequestException;
import org.bson.Document;
import org.bson.types.Binary;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * An import's file as uploaded: its bytes, stored in chunks as they stream in (so the encoding is a choice made on
 * them, not a decoding done once), and then read through once, exactly as the run will read it, so a file that cannot
 * be read (encoding, delimiter, sheet, header) is refused at upload with what to choose instead of failing later.
 */
@Component
class ImportFiles {

    static final int CHUNK_BYTES = 256 * 1024;
    static final int PREVIEW_ROWS = 5;

    /** What the upload found: the stored file and what it holds. */
    record Stored(int chunks, long size, ImportJob.FileSettings file, List<String> columns, long rows,
                  List<List<String>> preview) {
    }

    private final MongoTemplate mongo;

    ImportFiles(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * Stores the body under {@code jobId} and inspects it; any choice left null is detected. A file that cannot be read
     * leaves nothing behind and is answered with a problem naming encoding, delimiter, sheet or file.
     */
    Stored store(String jobId, InputStream body, String contentType, String fileName, String encoding, String delimiter,
                 String sheet) throws IOException {
        byte[] head = body.readNBytes(CHUNK_BYTES);
        boolean complete = head.length < CHUNK_BYTES;
        if (head.length == 0) {
            throw InvalidRequestException.field("file", "is empty: it must start with a header row of column names");
        }
        try {
            TableSettings settings = TableSettings.detect(head, head.length, complete, contentType, fileName, encoding,
                    delimiter, sheet);
            int chunks = 0;
            long size = 0;
            byte[] chunk = head;
            while (chunk.length > 0) {
                mongo.insert(new Document("_id", jobId + ":" + chunks).append("jobId", jobId).append("seq", chunks)
                        .append("bytes", new Binary(chunk)), ImportJob.CHUNKS);
                chunks++;
                size += chunk.length;
                chunk = chunk.length < CHUNK_BYTES ? new byte[0] : body.readNBytes(CHUNK_BYTES);
            }
            return inspect(jobId, chunks, size, settings);
        } catch (TabularException e) {
            drop(jobId);
            throw problem(e);
        } catch (IOException | RuntimeException e) {
            drop(jobId);
            throw e;
        }
    }

    /** The stored file as a table, read as its settings say. */
    Table open(String jobId, int chunks, TableSettings settings) throws IOException {
        return Tables.open(new ChunkInputStream(mongo, jobId, chunks), settings);
    }

    void drop(String jobId) {
        mongo.remove(Query.query(Criteria.where("jobId").is(jobId)), ImportJob.CHUNKS);
    }

    /** A file problem as the API's 400: the field is what the person can choose differently. */
    static InvalidRequestException problem(TabularException e) {
        return InvalidRequestException.field(e.field(), e.getMessage());
    }

    private Stored inspect(String jobId, int chunks, long size, TableSettings settings) throws IOException {
        try (Table table = open(jobId, chunks, settings)) {
            List<String> columns = table.columns();
            Set<String> distinct = new HashSet<>(columns);
            if (columns.stream().allMatch(String::isEmpty) || distinct.size() != columns.size()) {
                throw InvalidRequestException.field("file", "must start with a header row of distinct column names; read "
                        + describe(settings) + " it has " + columns);
            }
            List<List<String>> preview = new ArrayList<>();
            long rows = 0;
            Table.Row row;
            while ((row = table.next()) != null) {
                if (preview.size() < PREVIEW_ROWS) {
                    preview.add(row.cells());
                }
                rows++;
            }
            List<String> sheets = table instanceof XlsxTable xlsx ? xlsx.sheets() : null;
            String sheet = table instanceof XlsxTable xlsx ? xlsx.sheet() : null;
            var file = new ImportJob.FileSettings(settings.format().id(),
                    settings.encoding() == null ? null : settings.encoding().name(),
                    settings.delimiter() == null ? null : Delimiters.display(settings.delimiter()), sheet, sheets);
            return new Stored(chunks, size, file, columns, rows, preview);
        }
    }

    /** How the file was read, for messages: "as csv in windows-1251 with ';'". */
    static String describe(TableSettings settings) {
        if (settings.format() != TabularFormat.CSV) {
            return "as " + settings.format().id() + (settings.sheet() == null ? "" : " sheet '" + settings.sheet() + "'");
        }
        return "as csv in " + settings.encoding().name() + " with '" + Delimiters.display(settings.delimiter())
                + "' between columns (choose ?encoding= and ?delimiter= if that is wrong),";
    }
}
