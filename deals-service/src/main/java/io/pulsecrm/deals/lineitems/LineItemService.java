package io.pulsecrm.deals.lineitems;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import io.pulsecrm.deals.deals.Deal;
import io.pulsecrm.deals.deals.DealAccess;
import io.pulsecrm.deals.deals.DealRules;
import io.pulsecrm.deals.pipelines.Pipeline;
import io.pulsecrm.deals.products.Product;
import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.events.Ids;
import io.pulsecrm.platform.web.InvalidRequestException;
import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import org.springframework.stereotype.Service;

/** The write paths of a deal's line items: each loads the visible deal, changes it by its version and stores it. */
@Service
public class LineItemService {

    private final AggregateStore store;
    private final DealAccess access;
    private final Clock clock;

    LineItemService(AggregateStore store, DealAccess access, Clock clock) {
        this.store = store;
        this.access = access;
        this.clock = clock;
    }

    public Deal add(String dealId, LineItemRequest request, long expectedVersion) {
        Deal deal = access.visibleDeal(dealId);
        LineItem item = build(Ids.newId(), request, deal);
        deal.addLineItem(item, request.position(), pipelineOf(deal), expectedVersion, now());
        return store.save(deal);
    }

    public Deal change(String dealId, String itemId, LineItemRequest request, long expectedVersion) {
        Deal deal = access.visibleDeal(dealId);
        deal.lineItem(itemId); // 404 before judging the body
        LineItem item = build(itemId, request, deal);
        deal.changeLineItem(item, pipelineOf(deal), expectedVersion, now());
        return store.save(deal);
    }

    public Deal remove(String dealId, String itemId, long expectedVersion) {
        Deal deal = access.visibleDeal(dealId);
        deal.removeLineItem(itemId, pipelineOf(deal), expectedVersion, now());
        return store.save(deal);
    }

    public Deal reorder(String dealId, List<String> itemIds, long expectedVersion) {
        Deal deal = access.visibleDeal(dealId);
        deal.reorderLineItems(itemIds, pipelineOf(deal), expectedVersion, now());
        return store.save(deal);
    }

    /** The item the request describes, with what it leaves out taken from its product. */
    private LineItem build(String id, LineItemRequest request, Deal deal) {
        List<FieldProblem> problems = new ArrayList<>();
        String currency = currencyOf(request, deal, problems);
        Product product = null;
        if (request.productId() != null && !request.productId().isBlank()) {
            product = store.find(Product.class, request.productId().strip()).orElse(null);
            if (product == null) {
                problems.add(new FieldProblem("productId", "no product " + request.productId()));
            } else if (!product.active()) {
                problems.add(new FieldProblem("productId", "product " + product.sku() + " is inactive; deals take active products only"));
            }
        }
        BigDecimal unitPrice = request.unitPrice();
        boolean named = request.productId() != null && !request.productId().isBlank();
        if (unitPrice == null && product != null && currency != null) {
            unitPrice = product.priceIn(currency).orElse(null);
            if (unitPrice == null) {
                problems.add(new FieldProblem("productId", "product " + product.sku() + " has no price in " + currency
                        + "; give a unitPrice or add a " + currency + " price to the product"));
            }
        } else if (unitPrice == null && !named) {
            problems.add(new FieldProblem("unitPrice", "is required for a line without a product"));
        }
        if (request.quantity() == null) {
            problems.add(new FieldProblem("quantity", "is required"));
        }
        if (request.discount() != null && (request.discount().type() == null || request.discount().value() == null)) {
            problems.add(new FieldProblem("discount", "needs a type (percent or amount) and a value"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("The line item has invalid fields", problems);
        }
        String name = request.name() != null && !request.name().isBlank() ? request.name() : product == null ? null : product.name();
        return LineItemRules.check(new LineItem(id, product == null ? null : product.getId(),
                product == null ? null : product.sku(), name == null ? "" : name,
                request.description() != null ? request.description() : product == null ? null : product.description(),
                request.quantity(), request.unit() != null ? request.unit() : product == null ? null : product.unit(),
                currency, unitPrice, request.discount(),
                request.taxRate() != null ? request.taxRate() : product == null ? null : product.taxRate()));
    }

    private static String currencyOf(LineItemRequest request, Deal deal, List<FieldProblem> problems) {
        String requested = DealRules.currency(request.currency(), "currency", problems);
        if (deal.currency() == null) {
            if (request.currency() == null) {
                problems.add(new FieldProblem("currency", "is required: the deal has no currency yet"));
            }
            return requested;
        }
        if (requested != null && !requested.equals(deal.currency())) {
            problems.add(new FieldProblem("currency", "line items of this deal are in " + deal.currency()
                    + ", the deal's currency"));
        }
        return deal.currency();
    }

    private Pipeline pipelineOf(Deal deal) {
        return store.get(Pipeline.class, deal.pipelineId());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
