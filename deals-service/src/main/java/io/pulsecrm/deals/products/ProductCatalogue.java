package io.pulsecrm.deals.products;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.web.InvalidRequestException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/** The write paths of the catalogue: create, change, delete, each with its SKU claim checked by the store. */
@Service
public class ProductCatalogue {

    private final AggregateStore store;
    private final Clock clock;

    ProductCatalogue(AggregateStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Product create(ProductDetails requested) {
        ProductAccess.requireEditor();
        ProductDetails details = ProductRules.normalize(requested);
        return claimingSku(details.sku(), () -> store.save(Product.create(details, now())));
    }

    public Product update(String id, JsonNode patch, long expectedVersion) {
        ProductAccess.requireEditor();
        Product product = store.get(Product.class, id);
        ProductDetails details = ProductRules.normalize(ProductPatch.apply(patch, product.details()));
        product.update(details, expectedVersion, now());
        return claimingSku(details.sku(), () -> store.save(product));
    }

    /** Changes an existing product to {@code details} (the import's "update" of a known SKU). */
    Product replace(Product product, ProductDetails requested) {
        ProductDetails details = ProductRules.normalize(requested);
        product.update(details, product.getVersion(), now());
        return claimingSku(details.sku(), () -> store.save(product));
    }

    Product createChecked(ProductDetails requested) {
        ProductDetails details = ProductRules.normalize(requested);
        return claimingSku(details.sku(), () -> store.save(Product.create(details, now())));
    }

    public void delete(String id, long expectedVersion) {
        ProductAccess.requireEditor();
        Product product = store.get(Product.class, id);
        product.delete(expectedVersion, now());
        store.save(product);
    }

    /** The unique index on the SKU decides between concurrent writers on any number of replicas. */
    private static Product claimingSku(String sku, java.util.function.Supplier<Product> write) {
        try {
            return write.get();
        } catch (DuplicateKeyException e) {
            throw InvalidRequestException.field("sku", "'" + InvalidRequestException.echo(sku) + "' is already the SKU of another product");
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
