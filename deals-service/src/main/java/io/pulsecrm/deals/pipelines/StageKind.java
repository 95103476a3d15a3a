package io.pulsecrm.deals.pipelines;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a stage sits in the funnel: deals in open stages are in progress; won and lost stages close them. */
public enum StageKind {
    @JsonProperty("open") OPEN,
    @JsonProperty("won") WON,
    @JsonProperty("lost") LOST
}
