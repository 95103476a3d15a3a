package io.pulsecrm.deals.documents;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A document made from a template for a deal. Its number ({@code kind}, {@code year}, {@code sequence}) is taken by
 * inserting this record ({@link DocumentNumbers}): the record holds the final HTML (merge fields and number filled in),
 * so everything after the insert (the PDF, storing it, the deal's event) can be finished from the record alone, by the
 * request or by {@link DocumentCompletion}, and a number once taken always has its document.
 */
@Document(GeneratedDocument.COLLECTION)
public class GeneratedDocument {

    public static final String COLLECTION = "deal_documents";

    /** Numbered, its HTML stored; the PDF not yet. */
    public static final String NUMBERED = "numbered";
    /** The PDF stored in the file store. */
    public static final String STORED = "stored";

    /** One email of the document; {@code id} is the request's (derived from its Idempotency-Key on a retry). */
    public record Send(String id, String to, String contactId, String subject, String status, Instant at, String by) {
        /** Claimed, the email on its way (a send that failed is removed again, so a retry may try once more). */
        public static final String SENDING = "sending";
        public static final String SENT = "sent";
    }

    @Id
    private String id;
    private String dealId;
    private String templateId;
    private long templateVersion;
    private String kind;
    private String name;
    private String locale;
    private int year;
    private long sequence;
    /** kind|year|sequence, unique: the one write that takes a number. */
    private String numberKey;
    private String html;
    private String status;
    private String fileId;
    private String filename;
    private Long size;
    private String sha256;
    private boolean announced;
    private Instant createdAt;
    private String createdBy;
    private List<Send> sends = new ArrayList<>();

    protected GeneratedDocument() {
        // for the object mapper
    }

    GeneratedDocument(String id, String dealId, DocumentTemplate template, int year, long sequence, String html,
                      String filename, Instant createdAt, String createdBy) {
        this.id = id;
        this.dealId = dealId;
        this.templateId = template.id();
        this.templateVersion = template.version();
        this.kind = template.kind();
        this.name = template.name();
        this.locale = template.content().locale();
        this.year = year;
        this.sequence = sequence;
        this.numberKey = numberKey(kind, year, sequence);
        this.html = html;
        this.status = NUMBERED;
        this.filename = filename;
        this.createdAt = createdAt;
        this.createdBy = createdBy;
    }

    static String numberKey(String kind, int year, long sequence) {
        return kind + "|" + year + "|" + sequence;
    }

    /** How the number is printed: year and sequence, e.g. 2026-0007. */
    public static String displayNumber(int year, long sequence) {
        return String.format(Locale.ROOT, "%d-%04d", year, sequence);
    }

    public String number() {
        return displayNumber(year, sequence);
    }

    public String id() {
        return id;
    }

    public String dealId() {
        return dealId;
    }

    public String templateId() {
        return templateId;
    }

    public long templateVersion() {
        return templateVersion;
    }

    public String kind() {
        return kind;
    }

    public String name() {
        return name;
    }

    public String locale() {
        return locale;
    }

    public int year() {
        return year;
    }

    public long sequence() {
        return sequence;
    }

    public String html() {
        return html;
    }

    public String status() {
        return status;
    }

    public String fileId() {
        return fileId;
    }

    public String filename() {
        return filename;
    }

    public Long size() {
        return size;
    }

    public String sha256() {
        return sha256;
    }

    public boolean announced() {
        return announced;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public String createdBy() {
        return createdBy;
    }

    public List<Send> sends() {
        return sends == null ? List.of() : List.copyOf(sends);
    }
}
