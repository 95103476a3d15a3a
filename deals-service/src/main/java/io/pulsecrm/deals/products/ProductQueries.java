package io.pulsecrm.deals.products;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.pulsecrm.platform.search.SearchText;
import io.pulsecrm.platform.web.CursorPage;
import io.pulsecrm.platform.web.InvalidRequestException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/** Read side of the catalogue: keyset pages by name (then id), a prefix search on name words and SKU, an active filter. */
@Component
public class ProductQueries {

    static final int MAX_QUERY = 100;

    private final MongoTemplate mongo;

    ProductQueries(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public CursorPage<Product> page(String q, Boolean active, int limit, String cursor) {
        List<Criteria> all = new ArrayList<>();
        all.add(Criteria.where("deletedAt").isNull());
        if (active != null) {
            all.add(Criteria.where("active").is(active));
        }
        if (q != null && !q.isBlank()) {
            String key = SearchText.fold(q);
            if (key == null || key.length() > MAX_QUERY) {
                throw InvalidRequestException.field("q", "must be 1 to " + MAX_QUERY + " characters");
            }
            all.add(Criteria.where("searchKeys").regex(SearchText.prefixRegex(key)));
        }
        if (cursor != null) {
            String[] position = CursorPage.decode(cursor).split("\\|", 2);
            if (position.length != 2) {
                throw InvalidRequestException.field("cursor", "is not a cursor returned by this API");
            }
            all.add(new Criteria().orOperator(Criteria.where("nameKey").gt(position[0]),
                    new Criteria().andOperator(Criteria.where("nameKey").is(position[0]), Criteria.where("_id").gt(position[1]))));
        }
        Query query = Query.query(new Criteria().andOperator(all)).with(Sort.by("nameKey", "_id")).limit(limit + 1);
        query.fields().exclude("outbox");
        List<Product> found = mongo.find(query, Product.class);
        return CursorPage.of(found, limit, p -> p.getNameKey() + "|" + p.getId());
    }

    /** The live product with this SKU (ignoring case), through the unique SKU index. */
    public Optional<Product> bySku(String sku) {
        return Optional.ofNullable(mongo.findOne(Query.query(Criteria.where("skuKey").is(Product.skuKey(sku))), Product.class))
                .filter(p -> !p.isDeleted());
    }

    /** Every live product by name, for the export (a catalogue is thousands of rows, not millions). */
    public List<Product> all() {
        Query query = Query.query(Criteria.where("deletedAt").isNull()).with(Sort.by("nameKey", "_id"));
        query.fields().exclude("outbox");
        return mongo.find(query, Product.class);
    }
}
