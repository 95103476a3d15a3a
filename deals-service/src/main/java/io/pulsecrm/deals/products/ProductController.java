package io.pulsecrm.deals.products;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.util.List;

import io.pulsecrm.platform.tabular.ExportOptions;
import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.web.CursorPage;
import io.pulsecrm.platform.web.IfMatch;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.JsonNode;

/** {@code /api/products}: the product catalogue. Rules live in {@link Product} and {@link ProductRules}. */
@RestController
@Validated
@RequestMapping(path = "/api/products", produces = MediaType.APPLICATION_JSON_VALUE)
class ProductController {

    private static final String MERGE_PATCH_JSON = "application/merge-patch+json";

    private final AggregateStore store;
    private final ProductCatalogue catalogue;
    private final ProductQueries queries;
    private final ProductFiles files;

    ProductController(AggregateStore store, ProductCatalogue catalogue, ProductQueries queries, ProductFiles files) {
        this.store = store;
        this.catalogue = catalogue;
        this.queries = queries;
        this.files = files;
    }

    record CreateProduct(String sku, String name, String description, String unit, List<Price> prices,
                         BigDecimal taxRate, Boolean active) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ProductResponse> create(@RequestBody CreateProduct request) {
        Product product = catalogue.create(new ProductDetails(request.sku(), request.name(), request.description(),
                request.unit(), request.prices(), request.taxRate(), request.active() == null || request.active()));
        return ResponseEntity.created(URI.create("/api/products/" + product.getId()))
                .eTag(IfMatch.etag(product.getVersion())).body(ProductResponse.of(product));
    }

    /**
     * @param q      a prefix of a word of the name or of the SKU, ignoring case and accents
     * @param active true: only active products (what deals can take); false: only inactive ones; absent: all
     */
    @GetMapping
    CursorPage<ProductResponse> list(@RequestParam(required = false) String q,
                                     @RequestParam(required = false) Boolean active,
                                     @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit,
                                     @RequestParam(required = false) String cursor) {
        CursorPage<Product> page = queries.page(q, active, limit, cursor);
        return new CursorPage<>(page.items().stream().map(ProductResponse::of).toList(), page.nextCursor());
    }

    @GetMapping("/{id}")
    ResponseEntity<ProductResponse> get(@PathVariable String id) {
        return ok(store.get(Product.class, id));
    }

    @PatchMapping(path = "/{id}", consumes = {MediaType.APPLICATION_JSON_VALUE, MERGE_PATCH_JSON})
    ResponseEntity<ProductResponse> update(@PathVariable String id,
                                           @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                           @RequestBody JsonNode patch) {
        long expected = IfMatch.requiredVersion(ifMatch);
        return ok(catalogue.update(id, patch, expected));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id,
                                @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        catalogue.delete(id, IfMatch.requiredVersion(ifMatch));
        return ResponseEntity.noContent().build();
    }

    /** The whole catalogue (live products, by name): {@code format} csv (UTF-8 with a BOM unless {@code bom=false}) or xlsx. */
    @GetMapping(path = "/export", produces = {"text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    ResponseEntity<StreamingResponseBody> export(@RequestParam(required = false) String format,
                                                 @RequestParam(required = false) String delimiter,
                                                 @RequestParam(required = false) Boolean bom) {
        return files.export(ExportOptions.of(format, delimiter, bom));
    }

    /**
     * The file is the request body (CSV or xlsx, at most 5 MB); {@code encoding}, {@code delimiter}, {@code sheet}
     * are detected unless given, {@code filename} helps tell the format. Answers a report of every row.
     */
    @PostMapping(path = "/import", consumes = MediaType.ALL_VALUE)
    ProductFiles.ImportReport importFile(HttpServletRequest request,
                                         @RequestParam(required = false) String filename,
                                         @RequestParam(required = false) String encoding,
                                         @RequestParam(required = false) String delimiter,
                                         @RequestParam(required = false) String sheet) throws IOException {
        return files.importFile(request.getInputStream(), request.getContentType(), filename, encoding, delimiter, sheet);
    }

    private static ResponseEntity<ProductResponse> ok(Product product) {
        return ResponseEntity.ok().eTag(IfMatch.etag(product.getVersion())).body(ProductResponse.of(product));
    }
}
