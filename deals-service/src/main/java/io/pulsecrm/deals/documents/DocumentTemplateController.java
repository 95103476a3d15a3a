package io.pulsecrm.deals.documents;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import io.pulsecrm.deals.deals.Deal;
import io.pulsecrm.deals.deals.DealAccess;
import io.pulsecrm.deals.documents.MergeData.DocumentFacts;
import io.pulsecrm.deals.pipelines.Pipeline;
import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.context.EventContext;
import io.pulsecrm.platform.web.IfMatch;
import io.pulsecrm.platform.web.InvalidRequestException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/document-templates}: everyone reads (to generate documents), admins create, change, delete and preview
 * (admin-only paths in application.yml).
 */
@RestController
@RequestMapping(path = "/api/document-templates", produces = MediaType.APPLICATION_JSON_VALUE)
class DocumentTemplateController {

    record TemplateResponse(String id, long version, String kind, String name, String locale, String body, String css,
                            Instant createdAt, String createdBy, Instant updatedAt, String updatedBy) {

        static TemplateResponse of(DocumentTemplate template) {
            TemplateContent content = template.content();
            return new TemplateResponse(template.id(), template.version(), content.kind(), content.name(),
                    content.locale(), content.body(), content.css(), template.createdAt(), template.createdBy(),
                    template.updatedAt(), template.updatedBy());
        }
    }

    record TemplateList(List<TemplateResponse> items) {
    }

    record FieldList(List<MergeFields.Field> items) {
    }

    /** An unsaved template rendered against one of the deals, to see it before saving. */
    record PreviewRequest(String dealId, String kind, String name, String locale, String body, String css) {
    }

    private final DocumentTemplates templates;
    private final EventContext context;
    private final DealAccess deals;
    private final AggregateStore store;
    private final DocumentRendering rendering;

    DocumentTemplateController(DocumentTemplates templates, EventContext context, DealAccess deals, AggregateStore store,
                               DocumentRendering rendering) {
        this.templates = templates;
        this.context = context;
        this.deals = deals;
        this.store = store;
        this.rendering = rendering;
    }

    @GetMapping
    TemplateList list(@RequestParam(required = false) String kind) {
        return new TemplateList(templates.list(kind).stream().map(TemplateResponse::of).toList());
    }

    @GetMapping("/fields")
    FieldList fields() {
        return new FieldList(MergeFields.catalogue());
    }

    @GetMapping("/{id}")
    ResponseEntity<TemplateResponse> get(@PathVariable String id) {
        return ok(templates.get(id));
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TemplateResponse> create(@RequestBody TemplateContent request) {
        DocumentTemplate template = templates.create(request, context.actor());
        return ResponseEntity.created(URI.create("/api/document-templates/" + template.id()))
                .eTag(IfMatch.etag(template.version())).body(TemplateResponse.of(template));
    }

    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TemplateResponse> change(@PathVariable String id,
                                            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                            @RequestBody TemplateContent request) {
        long expected = IfMatch.requiredVersion(ifMatch);
        return ok(templates.change(id, request, expected, context.actor()));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id,
                                @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        templates.delete(id, IfMatch.requiredVersion(ifMatch), context.actor());
        return ResponseEntity.noContent().build();
    }

    /** The PDF the template would make for the deal, numbered {@code PREVIEW} (no number is taken). */
    @PostMapping(path = "/preview", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = {MediaType.APPLICATION_PDF_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    ResponseEntity<byte[]> preview(@RequestBody PreviewRequest request) {
        if (request.dealId() == null || request.dealId().isBlank()) {
            throw InvalidRequestException.field("dealId", "is required: the deal to preview the template with");
        }
        TemplateContent content = templates.check(new TemplateContent(request.kind(), request.name(), request.locale(),
                request.body(), request.css()));
        Deal deal = deals.visibleDeal(request.dealId());
        Pipeline pipeline = store.get(Pipeline.class, deal.pipelineId());
        String html = rendering.html(content, deal, pipeline, new DocumentFacts("PREVIEW",
                LocalDate.now(ZoneOffset.UTC), content.kind(), content.name()));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"preview.pdf\"")
                .body(rendering.pdf(html));
    }

    private static ResponseEntity<TemplateResponse> ok(DocumentTemplate template) {
        return ResponseEntity.ok().eTag(IfMatch.etag(template.version())).body(TemplateResponse.of(template));
    }
}
