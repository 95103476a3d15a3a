package io.pulsecrm.deals.documents;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import io.pulsecrm.deals.deals.Deal;
import io.pulsecrm.deals.deals.DealEvents.DocumentRef;
import io.pulsecrm.deals.documents.MergeData.DocumentFacts;
import io.pulsecrm.deals.pipelines.Pipeline;
import io.pulsecrm.platform.aggregate.AggregateNotFoundException;
import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.aggregate.VersionConflictException;
import io.pulsecrm.platform.events.Ids;
import io.pulsecrm.platform.files.FileOwner;
import io.pulsecrm.platform.files.FileStore;
import io.pulsecrm.platform.files.StoredFile;
import io.pulsecrm.platform.web.InvalidRequestException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Generating a document: number it and store its HTML in one insert ({@link DocumentNumbers}), then render the PDF and
 * store it with the deal's files, then record {@code pulse.deal.document_generated.v1} on the deal. Each step after the
 * insert is repeatable from the stored record (a conditional write guards each), so a crash anywhere leaves a
 * numbered document that the retried request or {@link DocumentCompletion} finishes: never a gap, never twice.
 */
@Service
public class DocumentGeneration {

    /** The record type of a deal's files ({@code /api/deals/{id}/files}). */
    public static final String DEAL_FILES = "deal";
    private static final int DEAL_WRITE_ATTEMPTS = 20;

    private final MongoTemplate mongo;
    private final AggregateStore store;
    private final DocumentTemplates templates;
    private final DocumentNumbers numbers;
    private final DocumentRendering rendering;
    private final FileStore files;
    private final Clock clock;

    DocumentGeneration(MongoTemplate mongo, AggregateStore store, DocumentTemplates templates, DocumentNumbers numbers,
                       DocumentRendering rendering, FileStore files, Clock clock) {
        this.mongo = mongo;
        this.store = store;
        this.templates = templates;
        this.numbers = numbers;
        this.rendering = rendering;
        this.files = files;
        this.clock = clock;
    }

    /** The caller has been checked to see {@code deal}. */
    public GeneratedDocument generate(Deal deal, String templateId, String actor) {
        if (templateId == null || templateId.isBlank()) {
            throw InvalidRequestException.field("templateId", "is required: the template to generate the document from");
        }
        DocumentTemplate template;
        try {
            template = templates.get(templateId);
        } catch (AggregateNotFoundException e) {
            throw InvalidRequestException.field("templateId", "is not a document template here");
        }
        Pipeline pipeline = store.get(Pipeline.class, deal.pipelineId());
        Instant now = now();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        int year = today.getYear();
        TemplateContent content = template.content();
        // derived from the Idempotency-Key on a retried request: the retry finds the document its first attempt stored
        String id = Ids.newId();
        GeneratedDocument numbered = numbers.insertNext(template.kind(), year, sequence -> {
            String number = GeneratedDocument.displayNumber(year, sequence);
            String html = rendering.html(content, deal, pipeline, new DocumentFacts(number, today, template.kind(),
                    template.name()));
            return new GeneratedDocument(id, deal.getId(), template, year, sequence, html,
                    template.name() + " " + number + ".pdf", now, actor);
        });
        return complete(numbered);
    }

    /** Finishes what a generation left undone (the PDF, the deal's event); nothing when it is complete. */
    public GeneratedDocument complete(GeneratedDocument document) {
        GeneratedDocument current = document;
        if (GeneratedDocument.NUMBERED.equals(current.status())) {
            byte[] pdf = rendering.pdf(current.html());
            FileOwner owner = new FileOwner(DEAL_FILES, current.dealId());
            StoredFile file = files.store(owner, current.filename(), "application/pdf", new ByteArrayInputStream(pdf),
                    current.createdBy());
            boolean mine = mongo.updateFirst(Query.query(Criteria.where("_id").is(current.id())
                            .and("status").is(GeneratedDocument.NUMBERED)),
                    new Update().set("status", GeneratedDocument.STORED).set("fileId", file.id())
                            .set("size", file.size()).set("sha256", file.sha256()),
                    GeneratedDocument.class).getModifiedCount() == 1;
            if (!mine) {
                files.delete(owner, file.id()); // another replica finished it first: keep one PDF
            }
            current = reload(current.id());
        }
        if (!current.announced()) {
            GeneratedDocument stored = current;
            recordOnDeal(stored.dealId(), (deal, pipeline) -> deal.recordDocumentGenerated(ref(stored), pipeline, now()));
            mongo.updateFirst(Query.query(Criteria.where("_id").is(stored.id())), new Update().set("announced", true),
                    GeneratedDocument.class);
            current = reload(stored.id());
        }
        return current;
    }

    /** Records a document event on the deal, retrying on a concurrent change of the deal; nothing if it was deleted. */
    void recordOnDeal(String dealId, java.util.function.BiFunction<Deal, Pipeline, Boolean> change) {
        for (int attempt = 0; attempt < DEAL_WRITE_ATTEMPTS; attempt++) {
            Optional<Deal> found = store.find(Deal.class, dealId);
            if (found.isEmpty()) {
                return;
            }
            Deal deal = found.get();
            if (!change.apply(deal, store.get(Pipeline.class, deal.pipelineId()))) {
                return; // recorded before (a repeated completion)
            }
            try {
                store.save(deal);
                return;
            } catch (VersionConflictException | org.springframework.dao.OptimisticLockingFailureException e) {
                // someone changed the deal meanwhile: read it again
            }
        }
        throw new VersionConflictException("deal", dealId, -1, null);
    }

    static DocumentRef ref(GeneratedDocument document) {
        return new DocumentRef(document.id(), document.kind(), document.name(), document.number(), document.year(),
                document.sequence(), document.templateId(), document.fileId(), document.filename(), document.size());
    }

    GeneratedDocument reload(String id) {
        return Optional.ofNullable(mongo.findById(id, GeneratedDocument.class))
                .orElseThrow(() -> new AggregateNotFoundException("document", id));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
