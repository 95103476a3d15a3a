package io.pulsecrm.deals.documents;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import io.pulsecrm.deals.deals.Deal;
import io.pulsecrm.deals.deals.DealAccess;
import io.pulsecrm.deals.documents.DocumentSending.SendRequest;
import io.pulsecrm.deals.documents.GeneratedDocument.Send;
import io.pulsecrm.platform.aggregate.AggregateNotFoundException;
import io.pulsecrm.platform.context.EventContext;
import io.pulsecrm.platform.files.FileDownloads;
import io.pulsecrm.platform.files.FileOwner;
import io.pulsecrm.platform.files.FileStore;
import io.pulsecrm.platform.files.StoredFile;
import org.springframework.core.io.InputStreamResource;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/deals/{id}/documents}: whoever sees the deal generates, lists, downloads and emails its documents. */
@RestController
@RequestMapping(path = "/api/deals/{dealId}/documents", produces = MediaType.APPLICATION_JSON_VALUE)
class DealDocumentController {

    /** A deal keeps tens of documents; the list answers the newest this many. */
    static final int MAX_LISTED = 200;

    record GenerateRequest(String templateId) {
    }

    record SendResponse(String id, String to, String contactId, String subject, String status, Instant at, String by) {
        static SendResponse of(Send send) {
            return new SendResponse(send.id(), send.to(), send.contactId(), send.subject(), send.status(), send.at(),
                    send.by());
        }
    }

    record DocumentResponse(String id, String dealId, String kind, String name, String number, int year, long sequence,
                            String templateId, long templateVersion, String locale, String status, String fileId,
                            String filename, Long size, Instant createdAt, String createdBy, List<SendResponse> sends) {
        static DocumentResponse of(GeneratedDocument d) {
            return new DocumentResponse(d.id(), d.dealId(), d.kind(), d.name(), d.number(), d.year(), d.sequence(),
                    d.templateId(), d.templateVersion(), d.locale(), d.status(), d.fileId(), d.filename(), d.size(),
                    d.createdAt(), d.createdBy(), d.sends().stream().map(SendResponse::of).toList());
        }
    }

    record DocumentList(List<DocumentResponse> items) {
    }

    private final DealAccess deals;
    private final DocumentGeneration generation;
    private final DocumentSending sending;
    private final MongoTemplate mongo;
    private final FileStore files;
    private final EventContext context;

    DealDocumentController(DealAccess deals, DocumentGeneration generation, DocumentSending sending, MongoTemplate mongo,
                           FileStore files, EventContext context) {
        this.deals = deals;
        this.generation = generation;
        this.sending = sending;
        this.mongo = mongo;
        this.files = files;
        this.context = context;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<DocumentResponse> generate(@PathVariable String dealId, @RequestBody GenerateRequest request) {
        Deal deal = deals.visibleDeal(dealId);
        GeneratedDocument document = generation.generate(deal, request.templateId(), context.actor());
        return ResponseEntity.created(URI.create("/api/deals/" + dealId + "/documents/" + document.id()))
                .body(DocumentResponse.of(document));
    }

    @GetMapping
    DocumentList list(@PathVariable String dealId) {
        deals.visibleDeal(dealId);
        Query query = Query.query(Criteria.where("dealId").is(dealId)).with(Sort.by(Sort.Direction.DESC, "createdAt"))
                .limit(MAX_LISTED);
        return new DocumentList(mongo.find(query, GeneratedDocument.class).stream().map(DocumentResponse::of).toList());
    }

    @GetMapping("/{documentId}")
    DocumentResponse get(@PathVariable String dealId, @PathVariable String documentId) {
        return DocumentResponse.of(document(dealId, documentId));
    }

    /** The PDF (finished first if its generation stopped half-way). */
    @GetMapping(path = "/{documentId}/content", produces = {MediaType.APPLICATION_PDF_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    ResponseEntity<InputStreamResource> content(@PathVariable String dealId, @PathVariable String documentId,
                                                @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        GeneratedDocument document = generation.complete(document(dealId, documentId));
        StoredFile file = files.find(new FileOwner(DocumentGeneration.DEAL_FILES, dealId), document.fileId())
                .orElseThrow(() -> new AggregateNotFoundException("document file", documentId));
        return FileDownloads.download(files, file, ifNoneMatch);
    }

    @PostMapping(path = "/{documentId}/send", consumes = MediaType.APPLICATION_JSON_VALUE)
    SendResponse send(@PathVariable String dealId, @PathVariable String documentId, @RequestBody SendRequest request) {
        Deal deal = deals.visibleDeal(dealId);
        return SendResponse.of(sending.send(deal, document(dealId, documentId), request, context.actor()));
    }

    private GeneratedDocument document(String dealId, String documentId) {
        deals.visibleDeal(dealId);
        GeneratedDocument document = mongo.findById(documentId, GeneratedDocument.class);
        if (document == null || !document.dealId().equals(dealId)) {
            throw new AggregateNotFoundException("document", documentId);
        }
        return document;
    }
}
