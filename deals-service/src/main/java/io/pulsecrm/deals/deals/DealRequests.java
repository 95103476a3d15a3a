package io.pulsecrm.deals.deals;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** Request bodies of {@code /api/deals}. Unknown fields are refused by the platform's JSON settings. */
final class DealRequests {

    private DealRequests() {
    }

    record CreateDeal(String title, BigDecimal amount, String currency, String pipelineId, String stageId,
                      String ownerId, String teamId, String companyId, List<DealContact> contacts,
                      LocalDate expectedCloseDate, String source, Map<String, Object> customFields) {
        DealDetails details() {
            return new DealDetails(title, amount, currency, ownerId, teamId, companyId, contacts, expectedCloseDate, source,
                    customFields);
        }
    }

    /** @param pipelineId to move the deal into another pipeline; absent: the deal's own */
    record MoveDeal(String stageId, String pipelineId) {
    }

    record WinDeal(String stageId) {
    }

    record LoseDeal(String reason, String note, String stageId) {
    }

    record ReopenDeal(String stageId) {
    }
}
