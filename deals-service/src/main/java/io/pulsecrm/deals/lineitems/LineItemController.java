package io.pulsecrm.deals.lineitems;

import java.net.URI;
import java.util.List;

import io.pulsecrm.deals.deals.Deal;
import io.pulsecrm.deals.deals.DealQueries;
import io.pulsecrm.deals.deals.DealResponse;
import io.pulsecrm.deals.pipelines.Pipeline;
import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.web.IfMatch;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/deals/{id}/line-items}: every change takes the deal's version ({@code If-Match}) and answers the whole
 * deal with its new version, amount and items (the ETag to send next).
 */
@RestController
@RequestMapping(path = "/api/deals/{dealId}/line-items", produces = MediaType.APPLICATION_JSON_VALUE)
class LineItemController {

    private final LineItemService items;
    private final DealQueries queries;
    private final AggregateStore store;

    LineItemController(LineItemService items, DealQueries queries, AggregateStore store) {
        this.items = items;
        this.queries = queries;
        this.store = store;
    }

    record ReorderLineItems(List<String> itemIds) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<DealResponse> add(@PathVariable String dealId,
                                     @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                     @RequestBody LineItemRequest request) {
        long expected = IfMatch.requiredVersion(ifMatch);
        Deal deal = items.add(dealId, request, expected);
        DealResponse body = response(deal);
        String itemId = request.position() == null ? body.lineItems().getLast().id() : body.lineItems().get(request.position()).id();
        return ResponseEntity.created(URI.create("/api/deals/" + dealId + "/line-items/" + itemId))
                .eTag(IfMatch.etag(deal.getVersion())).body(body);
    }

    @PutMapping(path = "/{itemId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<DealResponse> change(@PathVariable String dealId, @PathVariable String itemId,
                                        @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                        @RequestBody LineItemRequest request) {
        long expected = IfMatch.requiredVersion(ifMatch);
        return ok(items.change(dealId, itemId, request, expected));
    }

    @DeleteMapping("/{itemId}")
    ResponseEntity<DealResponse> remove(@PathVariable String dealId, @PathVariable String itemId,
                                        @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        long expected = IfMatch.requiredVersion(ifMatch);
        return ok(items.remove(dealId, itemId, expected));
    }

    @PutMapping(path = "/order", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<DealResponse> reorder(@PathVariable String dealId,
                                         @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                         @RequestBody ReorderLineItems request) {
        long expected = IfMatch.requiredVersion(ifMatch);
        return ok(items.reorder(dealId, request.itemIds(), expected));
    }

    private ResponseEntity<DealResponse> ok(Deal deal) {
        return ResponseEntity.ok().eTag(IfMatch.etag(deal.getVersion())).body(response(deal));
    }

    private DealResponse response(Deal deal) {
        return queries.response(deal, store.get(Pipeline.class, deal.pipelineId()));
    }
}
