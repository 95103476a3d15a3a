package io.pulsecrm.deals.lineitems;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum DiscountType {
    @JsonProperty("percent") PERCENT,
    @JsonProperty("amount") AMOUNT
}
