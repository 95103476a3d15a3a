package io.pulsecrm.deals.analytics;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.pulsecrm.deals.deals.Deal;
import io.pulsecrm.deals.deals.DealStatus;
import io.pulsecrm.deals.deals.Money;
import io.pulsecrm.deals.lineitems.LineItem;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Revenue by product: the line items of the deals <b>won</b> in the period (closed in it, UTC dates inclusive) in one
 * pipeline, per product and currency (no FX): units sold (the sum of quantities), {@code revenue} (net of discounts,
 * before tax), the deals it was in. A free-text line counts under its name. Rows are sorted by revenue (then units);
 * {@code bestSellers} are the {@value #BEST_SELLERS} rows with the most units. Read from the won deals through
 * index {@code won_closed} (pipeline, status, closedAt), projected to the fields it needs.
 */
@Component
public class ProductRevenue {

    static final int BEST_SELLERS = 10;

    public record Row(String productId, String sku, String name, String currency, BigDecimal units, BigDecimal revenue,
                      long deals) {
    }

    public record Report(String pipelineId, LocalDate from, LocalDate to, String ownerId, String teamId, List<Row> products,
                         List<Row> bestSellers) {
    }

    private final MongoTemplate mongo;

    ProductRevenue(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** @param owners whose deals count (visible to the caller, narrowed by the filters); null for all */
    public Report report(String pipelineId, Set<String> owners, LocalDate from, LocalDate to, String ownerId, String teamId) {
        Criteria criteria = Criteria.where("pipelineId").is(pipelineId).and("status").is(DealStatus.WON);
        if (from != null || to != null) {
            Criteria closed = Criteria.where("closedAt");
            if (from != null) {
                closed = closed.gte(from.atStartOfDay().toInstant(ZoneOffset.UTC));
            }
            if (to != null) {
                closed = closed.lt(to.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
            }
            criteria = new Criteria().andOperator(criteria, closed);
        } else {
            criteria = criteria.and("closedAt").ne(null);
        }
        criteria = new Criteria().andOperator(criteria, Criteria.where("deletedAt").isNull());
        if (owners != null) {
            criteria = new Criteria().andOperator(criteria, Criteria.where("ownerId").in(owners));
        }
        Query query = Query.query(criteria).with(Sort.by("closedAt", "_id"));
        query.fields().include("lineItems", "currency", "ownerId", "status", "pipelineId", "closedAt", "title");
        Map<String, Accumulator> rows = new LinkedHashMap<>();
        mongo.stream(query, Deal.class).forEach(deal -> {
            Set<String> counted = new java.util.HashSet<>();
            for (LineItem item : deal.lineItems()) {
                String key = (item.productId() != null ? "p:" + item.productId() : "n:" + item.name()) + "|" + item.currency();
                Accumulator row = rows.computeIfAbsent(key, k -> new Accumulator(item));
                row.units = row.units.add(item.quantity());
                row.revenueMinor = Math.addExact(row.revenueMinor, item.netMinor());
                if (counted.add(key)) {
                    row.deals++;
                }
            }
        });
        List<Row> products = new ArrayList<>(rows.values().stream().map(Accumulator::row).toList());
        products.sort(Comparator.comparing(Row::revenue).thenComparing(Row::units).reversed()
                .thenComparing(Row::name));
        List<Row> best = products.stream().sorted(Comparator.comparing(Row::units).reversed().thenComparing(Row::name))
                .limit(BEST_SELLERS).toList();
        return new Report(pipelineId, from, to, ownerId, teamId, products, best);
    }

    private static final class Accumulator {
        private final LineItem first;
        private BigDecimal units = BigDecimal.ZERO;
        private long revenueMinor;
        private long deals;

        Accumulator(LineItem first) {
            this.first = first;
        }

        Row row() {
            return new Row(first.productId(), first.sku(), first.name(), first.currency(), units.stripTrailingZeros().scale() < 0
                    ? units.setScale(0) : units.stripTrailingZeros(), Money.fromMinor(revenueMinor, first.currency()), deals);
        }
    }
}
