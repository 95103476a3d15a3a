package io.pulsecrm.deals.deals;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The editable fields of a deal, checked and cleaned by {@link DealRules#normalize}. */
public record DealDetails(String title, BigDecimal amount, String currency, String ownerId, String teamId,
                          String companyId, List<DealContact> contacts, LocalDate expectedCloseDate, String source,
                          Map<String, Object> customFields) {

    public DealDetails {
        contacts = contacts == null ? List.of() : List.copyOf(contacts);
        customFields = customFields == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(customFields));
    }
}
