package io.pulsecrm.deals.deals;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.pulsecrm.deals.lineitems.LineItemView;
import io.pulsecrm.deals.pipelines.Pipeline;
import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.identity.Member;
import io.pulsecrm.platform.identity.UserDirectory;
import io.pulsecrm.platform.security.OwnerScope;
import io.pulsecrm.platform.tabular.ExportOptions;
import io.pulsecrm.platform.tabular.TableDownload;
import io.pulsecrm.platform.web.CursorPage;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The deals list as a file that opens in Excel ({@link TableDownload}: CSV with a BOM, a chosen delimiter, or xlsx):
 * the deals the list shows for the same filters, search and sort, read through the list's own query
 * ({@link DealQueries#page}) a keyset page at a time, so the caller's visibility applies and memory stays flat however
 * many deals match. Names rather than ids where a person reads them (pipeline, owner, company, contacts); line items as
 * their count and one {@code SKU × quantity} text.
 */
@Component
class DealExport {

    static final List<String> COLUMNS = List.of("id", "title", "pipeline", "stage", "status", "amount", "currency",
            "ownerId", "owner", "companyId", "company", "contacts", "expectedCloseDate", "source", "createdAt",
            "updatedAt", "closedAt", "lineItemCount", "lineItems");

    /** Deals read per query: a page of the list at its largest. */
    static final int PAGE = 200;

    static final String FILE_NAME = "deals";
    private static final String ITEM_SEPARATOR = "; ";

    private final DealQueries queries;
    private final AggregateStore store;
    private final UserDirectory directory;

    DealExport(DealQueries queries, AggregateStore store, UserDirectory directory) {
        this.queries = queries;
        this.store = store;
        this.directory = directory;
    }

    ResponseEntity<StreamingResponseBody> export(DealFilter filter, String q, OwnerScope scope, String sort,
                                                 ExportOptions options) {
        TableDownload.check(options);
        // the first page is read in the request's thread: a bad sort or search is a 400, not a broken download
        CursorPage<DealResponse> first = queries.page(filter, q, scope, sort, PAGE, null);
        Map<String, String> pipelineNames = new HashMap<>();
        return TableDownload.of(FILE_NAME, options, writer -> {
            writer.row(COLUMNS);
            CursorPage.forEach(cursor -> cursor == null ? first : queries.page(filter, q, scope, sort, PAGE, cursor),
                    deal -> writer.row(row(deal, pipelineNames.computeIfAbsent(deal.pipelineId(), this::pipelineName))));
        });
    }

    private String pipelineName(String pipelineId) {
        return store.get(Pipeline.class, pipelineId).name();
    }

    private List<Object> row(DealResponse deal, String pipeline) {
        List<LineItemView> items = deal.lineItems() == null ? List.of() : deal.lineItems();
        List<Object> cells = new ArrayList<>();
        cells.add(deal.id());
        cells.add(deal.title());
        cells.add(pipeline);
        cells.add(deal.stage() == null ? null : deal.stage().name());
        cells.add(deal.status() == null ? null : deal.status().name().toLowerCase(java.util.Locale.ROOT));
        cells.add(deal.amount() == null ? null : deal.amount().toPlainString());
        cells.add(deal.currency());
        cells.add(deal.ownerId());
        cells.add(directory.find(deal.ownerId()).map(Member::name).orElse(null));
        cells.add(deal.companyId());
        cells.add(deal.companyName());
        cells.add(deal.contacts().stream().map(c -> c.name() == null ? c.contactId() : c.name())
                .collect(Collectors.joining(ITEM_SEPARATOR)));
        cells.add(deal.expectedCloseDate());
        cells.add(deal.source());
        cells.add(deal.createdAt());
        cells.add(deal.updatedAt());
        cells.add(deal.closedAt());
        cells.add(items.size());
        cells.add(items.stream().map(DealExport::item).collect(Collectors.joining(ITEM_SEPARATOR)));
        return cells;
    }

    /** {@code SKU × quantity} (the name when the item has no SKU), the quantity without trailing zeros. */
    static String item(LineItemView item) {
        String label = item.sku() == null || item.sku().isBlank() ? item.name() : item.sku();
        return label + " × " + plain(item.quantity());
    }

    private static String plain(BigDecimal value) {
        return value == null ? null : value.stripTrailingZeros().toPlainString();
    }
}
