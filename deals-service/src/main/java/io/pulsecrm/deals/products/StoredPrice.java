package io.pulsecrm.deals.products;

/** A price as the product's document keeps it: minor units of its currency (see {@code Money}). */
record StoredPrice(String currency, long amountMinor) {
}
