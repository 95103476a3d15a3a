package io.pulsecrm.deals.documents;

import java.time.Instant;

import io.pulsecrm.platform.aggregate.VersionConflictException;
import io.pulsecrm.platform.events.Ids;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A document template: HTML (with Mustache merge fields, see {@link MergeFields}) and CSS for one kind of document
 * (quote, contract, invoice or any named kind) in one locale. Configuration kept by admins: no consumer needs its
 * changes as events, so it is a plain versioned document (optimistic locking by {@code version}, stale → 409).
 */
@Document(DocumentTemplate.COLLECTION)
public class DocumentTemplate {

    public static final String COLLECTION = "document_templates";

    @Id
    private String id;
    @Version
    private Long version;
    private String kind;
    private String name;
    private String locale;
    private String body;
    private String css;
    private Instant createdAt;
    private String createdBy;
    private Instant updatedAt;
    private String updatedBy;
    private Instant deletedAt;

    protected DocumentTemplate() {
        // for the object mapper
    }

    static DocumentTemplate create(TemplateContent content, String actor, Instant now) {
        DocumentTemplate template = new DocumentTemplate();
        template.id = Ids.newId();
        template.createdAt = now;
        template.createdBy = actor;
        template.apply(content, actor, now);
        return template;
    }

    void change(TemplateContent content, long expectedVersion, String actor, Instant now) {
        requireVersion(expectedVersion);
        apply(content, actor, now);
    }

    void delete(long expectedVersion, String actor, Instant now) {
        requireVersion(expectedVersion);
        this.deletedAt = now;
        this.updatedAt = now;
        this.updatedBy = actor;
    }

    private void apply(TemplateContent content, String actor, Instant now) {
        this.kind = content.kind();
        this.name = content.name();
        this.locale = content.locale();
        this.body = content.body();
        this.css = content.css();
        this.updatedAt = now;
        this.updatedBy = actor;
    }

    private void requireVersion(long expected) {
        if (version == null || version != expected) {
            throw new VersionConflictException("document template", id, expected, version);
        }
    }

    public TemplateContent content() {
        return new TemplateContent(kind, name, locale, body, css);
    }

    public String id() {
        return id;
    }

    public Long version() {
        return version;
    }

    public String kind() {
        return kind;
    }

    public String name() {
        return name;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public String createdBy() {
        return createdBy;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public String updatedBy() {
        return updatedBy;
    }

    public boolean isDeleted() {
        return deletedAt != null;
    }
}
