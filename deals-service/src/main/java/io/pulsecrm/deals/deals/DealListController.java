package io.pulsecrm.deals.deals;

import java.time.LocalDate;

import io.pulsecrm.platform.tabular.ExportOptions;
import io.pulsecrm.platform.tabular.TabularFormat;
import io.pulsecrm.platform.web.CursorPage;
import io.pulsecrm.platform.web.InvalidRequestException;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Deal lists, restricted to the deals the caller may see (filters, title search {@code ?q=}, sort, cursor pages; deals
 * per contact or company are {@code ?contactId=} and {@code ?companyId=}), and the same list as a file
 * ({@link DealExport}). The board is in the board feature.
 */
@RestController
@Validated
@RequestMapping(path = "/api/deals", produces = MediaType.APPLICATION_JSON_VALUE)
class DealListController {

    private final DealQueries queries;
    private final DealAccess access;
    private final DealExport export;

    DealListController(DealQueries queries, DealAccess access, DealExport export) {
        this.queries = queries;
        this.access = access;
        this.export = export;
    }

    /**
     * The list's filters, title search and sort as query parameters: one declaration for the list and its export, so
     * the file holds exactly the deals the list shows.
     *
     * @param sort a key of the list's sorts ({@code createdAt}, {@code amount}, {@code expectedCloseDate}), prefixed with
     *             {@code -} for descending; {@code createdAt} when absent
     */
    @ParameterObject
    record DealListQuery(String q, String pipelineId, String stageId, String status, String ownerId, String teamId,
                         String companyId, String contactId,
                         @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate closeFrom,
                         @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate closeTo, Boolean stalled,
                         @Schema(defaultValue = DEFAULT_SORT) String sort) {

        static final String DEFAULT_SORT = "createdAt";

        DealFilter filter() {
            return new DealFilter(pipelineId, stageId, DealListController.status(status), ownerId, teamId, companyId,
                    contactId, closeFrom, closeTo, stalled);
        }

        String sortOrDefault() {
            return sort == null || sort.isBlank() ? DEFAULT_SORT : sort;
        }
    }

    @GetMapping
    CursorPage<DealResponse> list(DealListQuery query,
                                  @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit,
                                  @RequestParam(required = false) String cursor) {
        // only the deals the caller may see, inside the query (cursor pages stay full and correct)
        return queries.page(query.filter(), query.q(), access.scope(), query.sortOrDefault(), limit, cursor);
    }

    /**
     * Every deal the list shows for the same filters, search and sort, as a file: CSV in UTF-8 with a byte order mark
     * ({@code delimiter=;} for Excel in European locales, {@code bom=false} without the mark) or {@code format=xlsx}.
     */
    @GetMapping(path = "/export", produces = {"text/csv", TabularFormat.XLSX_MEDIA_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    ResponseEntity<StreamingResponseBody> export(DealListQuery query,
                                                 @RequestParam(required = false) String format,
                                                 @RequestParam(required = false) String delimiter,
                                                 @RequestParam(required = false) Boolean bom) {
        // the scope is read here, in the request's thread; the file is written by another one
        return export.export(query.filter(), query.q(), access.scope(), query.sortOrDefault(),
                ExportOptions.of(format, delimiter, bom));
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
