package io.pulsecrm.deals.deals;

import java.time.LocalDate;

import io.pulsecrm.platform.web.CursorPage;
import io.pulsecrm.platform.web.InvalidRequestException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Deal lists, restricted to the deals the caller may see (filters, title search {@code ?q=}, sort, cursor pages; deals
 * per contact or company are {@code ?contactId=} and {@code ?companyId=}). The board is in the board feature.
 */
@RestController
@Validated
@RequestMapping(path = "/api/deals", produces = MediaType.APPLICATION_JSON_VALUE)
class DealListController {

    private final DealQueries queries;
    private final DealAccess access;

    DealListController(DealQueries queries, DealAccess access) {
        this.queries = queries;
        this.access = access;
    }

    @GetMapping
    CursorPage<DealResponse> list(@RequestParam(required = false) String q,
                                  @RequestParam(required = false) String pipelineId,
                                  @RequestParam(required = false) String stageId,
                                  @RequestParam(required = false) String status,
                                  @RequestParam(required = false) String ownerId,
                                  @RequestParam(required = false) String teamId,
                                  @RequestParam(required = false) String companyId,
                                  @RequestParam(required = false) String contactId,
                                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate closeFrom,
                                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate closeTo,
                                  @RequestParam(required = false) Boolean stalled,
                                  @RequestParam(defaultValue = "createdAt") String sort,
                                  @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit,
                                  @RequestParam(required = false) String cursor) {
        DealFilter filter = new DealFilter(pipelineId, stageId, status(status), ownerId, teamId, companyId, contactId,
                closeFrom, closeTo, stalled);
        // only the deals the caller may see, inside the query (cursor pages stay full and correct)
        return queries.page(filter, q, access.scope(), sort, limit, cursor);
    }

    private static DealStatus status(String status) {
        if (status == null) {
            return null;
        }
        for (DealStatus candidate : DealStatus.values()) {
            if (candidate.name().equalsIgnoreCase(status)) {
                return candidate;
            }
        }
        throw InvalidRequestException.field("status", "must be open, won or lost");
    }
}
