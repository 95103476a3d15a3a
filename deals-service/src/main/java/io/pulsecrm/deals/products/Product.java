package io.pulsecrm.deals.products;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.pulsecrm.deals.deals.DealEvents.Change;
import io.pulsecrm.deals.deals.Money;
import io.pulsecrm.deals.products.ProductEvents.ProductCreated;
import io.pulsecrm.deals.products.ProductEvents.ProductDeleted;
import io.pulsecrm.deals.products.ProductEvents.ProductSnapshot;
import io.pulsecrm.deals.products.ProductEvents.ProductUpdated;
import io.pulsecrm.platform.aggregate.Aggregate;
import io.pulsecrm.platform.aggregate.AggregateRoot;
import io.pulsecrm.platform.events.Ids;
import io.pulsecrm.platform.search.SearchText;
import org.springframework.data.annotation.AccessType;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A catalogue entry deals can sell. Its SKU is unique among live products: {@code skuKey} (the SKU folded to lower
 * case) carries a unique index, so two replicas creating the same SKU at once cannot both succeed; a deleted
 * product gives its SKU back.
 */
@Document(Product.COLLECTION)
@Aggregate(type = "product", topic = Product.TOPIC, historyIgnores = {"skuKey", "nameKey", "searchKeys"})
public class Product extends AggregateRoot {

    public static final String COLLECTION = "products";
    public static final String TOPIC = "pulse.deals.product.v1";
    static final int MAX_SEARCH_WORDS = 24;

    private String sku;
    private String skuKey;
    private String name;
    private String description;
    private String unit;
    private List<StoredPrice> prices = new ArrayList<>();
    /** Percent as plain decimal text (exact on any store). */
    private String taxRate;
    private boolean active;
    /** Folded name, the list's sort key. */
    @AccessType(AccessType.Type.PROPERTY)
    private String nameKey;
    /** Folded word suffixes of the name plus the folded SKU: {@code ?q=} is an anchored regex on them. */
    @AccessType(AccessType.Type.PROPERTY)
    private List<String> searchKeys;

    protected Product() {
        // for the object mapper
    }

    private Product(String id, Instant now) {
        super(id, now);
    }

    public static Product create(ProductDetails details, Instant now) {
        Product product = new Product(Ids.newId(), now);
        product.apply(details);
        product.record(new ProductCreated(product.snapshot()));
        return product;
    }

    /** Applies the changed fields; nothing changed records no event. */
    public void update(ProductDetails details, long expectedVersion, Instant now) {
        requireVersion(expectedVersion);
        ProductDetails before = details();
        Map<String, Change> changes = new LinkedHashMap<>();
        compare(changes, "sku", before.sku(), details.sku());
        compare(changes, "name", before.name(), details.name());
        compare(changes, "description", before.description(), details.description());
        compare(changes, "unit", before.unit(), details.unit());
        compare(changes, "prices", before.prices(), details.prices());
        compare(changes, "taxRate", before.taxRate(), details.taxRate());
        compare(changes, "active", before.active(), details.active());
        if (changes.isEmpty()) {
            return;
        }
        apply(details);
        touch(now);
        record(new ProductUpdated(snapshot(), changes));
    }

    /** Soft delete; the SKU becomes free for a new product (deals keep the SKU they copied). */
    public void delete(long expectedVersion, Instant now) {
        requireVersion(expectedVersion);
        markDeleted(now);
        this.skuKey = "~deleted~" + getId();
        record(new ProductDeleted(getId(), sku, now));
    }

    /** The product's price in {@code currency}, if it has one. */
    public Optional<BigDecimal> priceIn(String currency) {
        return prices.stream().filter(p -> p.currency().equals(currency)).findFirst()
                .map(p -> Money.fromMinor(p.amountMinor(), currency));
    }

    public static String skuKey(String sku) {
        return sku.strip().toLowerCase(java.util.Locale.ROOT);
    }

    private void apply(ProductDetails details) {
        this.sku = details.sku();
        this.skuKey = skuKey(details.sku());
        this.name = details.name();
        this.description = details.description();
        this.unit = details.unit();
        this.prices = new ArrayList<>(details.prices().stream()
                .map(p -> new StoredPrice(p.currency(), Money.toMinor(p.amount(), p.currency()))).toList());
        this.taxRate = details.taxRate() == null ? null : details.taxRate().toPlainString();
        this.active = details.active();
    }

    private static void compare(Map<String, Change> changes, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changes.put(field, new Change(before, after));
        }
    }

    public ProductDetails details() {
        return new ProductDetails(sku, name, description, unit, prices(), taxRate(), active);
    }

    public ProductSnapshot snapshot() {
        return new ProductSnapshot(getId(), sku, name, description, unit, prices(), taxRate(), active, getCreatedAt(),
                getUpdatedAt());
    }

    public List<Price> prices() {
        return prices == null ? List.of()
                : prices.stream().map(p -> new Price(p.currency(), Money.fromMinor(p.amountMinor(), p.currency()))).toList();
    }

    public String getNameKey() {
        return SearchText.fold(name);
    }

    public void setNameKey(String stored) {
        this.nameKey = stored; // only read back; what is written is derived from the name
    }

    public List<String> getSearchKeys() {
        List<String> keys = new ArrayList<>(SearchText.wordSuffixes(name, MAX_SEARCH_WORDS));
        String foldedSku = SearchText.fold(sku);
        if (foldedSku != null && !keys.contains(foldedSku)) {
            keys.add(foldedSku);
        }
        return keys;
    }

    public void setSearchKeys(List<String> stored) {
        this.searchKeys = stored;
    }

    public String sku() {
        return sku;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public String unit() {
        return unit;
    }

    public BigDecimal taxRate() {
        return taxRate == null ? null : new BigDecimal(taxRate);
    }

    public boolean active() {
        return active;
    }
}
