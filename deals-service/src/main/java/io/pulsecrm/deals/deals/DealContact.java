package io.pulsecrm.deals.deals;

import java.util.List;

/** A contact involved in a deal and the part they play in the decision. */
public record DealContact(String contactId, String role) {

    public static final List<String> ROLES = List.of("decision_maker", "champion", "influencer", "economic_buyer",
            "technical_buyer", "user", "blocker", "other");
}
