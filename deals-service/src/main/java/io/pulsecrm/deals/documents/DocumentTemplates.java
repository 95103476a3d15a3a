package io.pulsecrm.deals.documents;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import io.pulsecrm.platform.aggregate.AggregateNotFoundException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

/** Creating, changing and deleting templates (admins); every save compiles the body and checks its merge fields first. */
@Service
public class DocumentTemplates {

    /** Templates are configuration: an organisation keeps tens, not thousands. */
    static final int MAX_LISTED = 500;

    private final MongoTemplate mongo;
    private final TemplateEngine engine;
    private final DocumentsProperties properties;
    private final Clock clock;
    private final PdfRenderer pdf;

    DocumentTemplates(MongoTemplate mongo, TemplateEngine engine, PdfRenderer pdf, DocumentsProperties properties,
                      Clock clock) {
        this.mongo = mongo;
        this.engine = engine;
        this.pdf = pdf;
        this.properties = properties;
        this.clock = clock;
    }

    public DocumentTemplate create(TemplateContent content, String actor) {
        TemplateContent checked = check(content);
        return mongo.insert(DocumentTemplate.create(checked, actor, now()));
    }

    public DocumentTemplate change(String id, TemplateContent content, long expectedVersion, String actor) {
        DocumentTemplate template = get(id);
        TemplateContent checked = check(content);
        template.change(checked, expectedVersion, actor, now());
        return mongo.save(template); // @Version: a concurrent save in between → OptimisticLockingFailureException (409)
    }

    public void delete(String id, long expectedVersion, String actor) {
        DocumentTemplate template = get(id);
        template.delete(expectedVersion, actor, now());
        mongo.save(template);
    }

    public DocumentTemplate get(String id) {
        DocumentTemplate template = mongo.findById(id, DocumentTemplate.class);
        if (template == null || template.isDeleted()) {
            throw new AggregateNotFoundException("document template", id);
        }
        return template;
    }

    /** Live templates, by kind then name; {@code kind} null for all. */
    public List<DocumentTemplate> list(String kind) {
        Criteria criteria = Criteria.where("deletedAt").isNull();
        if (kind != null && !kind.isBlank()) {
            criteria = criteria.and("kind").is(kind.strip());
        }
        return mongo.find(Query.query(criteria).with(Sort.by("kind", "name")).limit(MAX_LISTED), DocumentTemplate.class);
    }

    TemplateContent check(TemplateContent content) {
        TemplateContent normalized = content.normalized(properties);
        // filled in with nothing and rendered once, so a template that cannot become a PDF is refused now, not when
        // a document has already taken its number
        pdf.render(PdfRenderer.page(normalized.name(), normalized.css(), engine.render(normalized.body(), Map.of())));
        return normalized;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
