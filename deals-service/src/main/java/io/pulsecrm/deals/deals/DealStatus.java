package io.pulsecrm.deals.deals;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Follows the kind of the stage the deal is in. */
public enum DealStatus {
    @JsonProperty("open") OPEN,
    @JsonProperty("won") WON,
    @JsonProperty("lost") LOST
}
