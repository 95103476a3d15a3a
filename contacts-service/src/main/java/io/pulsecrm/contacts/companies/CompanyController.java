package io.pulsecrm.contacts.companies;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.pulsecrm.contacts.access.HistoryPage;
import io.pulsecrm.contacts.access.RecordAccess;
import io.pulsecrm.contacts.customfields.CustomFields;
import io.pulsecrm.contacts.duplicates.DuplicateDetector;
import io.pulsecrm.contacts.duplicates.KeyReservation;
import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.events.Ids;
import io.pulsecrm.platform.history.RecordHistory;
import io.pulsecrm.platform.web.CursorPage;
import io.pulsecrm.platform.web.IfMatch;
import io.pulsecrm.platform.web.InvalidRequestException;
import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /api/companies}: B2B accounts. The contacts of a company are at {@code /api/companies/{id}/contacts}. A
 * company the caller may not see (another team's, or another rep's) is a 404 everywhere and absent from lists.
 */
@RestController
@Validated
@RequestMapping(path = "/api/companies", produces = MediaType.APPLICATION_JSON_VALUE)
class CompanyController {

    private static final String MERGE_PATCH_JSON = "application/merge-patch+json";
    private static final Set<String> FIELDS = Arrays.stream(CompanyRequest.class.getRecordComponents())
            .map(component -> component.getName()).collect(Collectors.toUnmodifiableSet());

    private final AggregateStore store;
    private final CompanyNormalizer normalizer;
    private final CompanyDirectory directory;
    private final DuplicateDetector duplicates;
    private final RecordAccess access;
    private final RecordHistory history;
    private final JsonMapper json;
    private final Clock clock;

    CompanyController(AggregateStore store, CompanyNormalizer normalizer, CompanyDirectory directory,
                      DuplicateDetector duplicates, RecordAccess access, RecordHistory history, JsonMapper json,
                      Clock clock) {
        this.store = store;
        this.normalizer = normalizer;
        this.directory = directory;
        this.duplicates = duplicates;
        this.access = access;
        this.history = history;
        this.json = json;
        this.clock = clock;
    }

    /** The live company, if the caller may see it; otherwise 404 as if it did not exist. */
    private Company visible(String id) {
        Company company = store.get(Company.class, id);
        access.requireVisible(company.getOwnerId(), "company", id);
        return company;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CompanyResponse> create(@RequestBody CompanyRequest request,
                                           @RequestParam(defaultValue = "false") boolean allowDuplicate) {
        CompanyDetails normalized = normalizer.normalize(request.toDetails());
        CompanyDetails details = normalized.withOwner(access.ownerOfNew(normalized.ownerId(), "ownerId"));
        String id = Ids.newId();
        // the domain is claimed before the company is stored: of concurrent creates with one domain, one wins
        try (KeyReservation keys = duplicates.reserveCompany(id, details, null, access.scope(), allowDuplicate)) {
            Company company = store.save(Company.create(id, details, clock.instant()));
            keys.commit();
            return ResponseEntity.created(URI.create("/api/companies/" + company.getId()))
                    .eTag(IfMatch.etag(company.getVersion())).body(CompanyResponse.of(company));
        }
    }

    @GetMapping("/{id}")
    ResponseEntity<CompanyResponse> get(@PathVariable String id) {
        Company company = visible(id);
        return ResponseEntity.ok().eTag(IfMatch.etag(company.getVersion())).body(CompanyResponse.of(company));
    }

    /**
     * Prefix search ({@code q}) on name and domain, {@code ownerId}, {@code ids} (comma-separated) and {@code cf.<key>}
     * filters, sort; keyset pages.
     */
    @GetMapping
    CursorPage<CompanyResponse> list(@RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit,
                                     @RequestParam(required = false) String cursor,
                                     @RequestParam(required = false) String q,
                                     @RequestParam(required = false) String ownerId,
                                     @RequestParam(required = false) String ids,
                                     @RequestParam(required = false) String sort,
                                     @Parameter(hidden = true) @RequestParam Map<String, String> parameters) {
        return directory.page(CompanyDirectory.Filter.of(parameters), access.scope(), directory.sort(sort), limit, cursor);
    }

    /** Who changed what and when, newest first; only for a company the caller sees. */
    @GetMapping("/{id}/history")
    HistoryPage history(@PathVariable String id, @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        visible(id);
        return new HistoryPage(history.of(Company.class, id, limit));
    }

    @PatchMapping(path = "/{id}", consumes = {MediaType.APPLICATION_JSON_VALUE, MERGE_PATCH_JSON})
    ResponseEntity<CompanyResponse> update(@PathVariable String id,
                                           @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                           @RequestParam(defaultValue = "false") boolean allowDuplicate,
                                           @RequestBody JsonNode patch) {
        long expectedVersion = IfMatch.requiredVersion(ifMatch);
        Company company = visible(id);
        CompanyDetails before = company.details();
        CompanyDetails changed = normalizer.normalize(applyPatch(before, patch), before);
        access.requireOwnerChange(company.getOwnerId(), changed.ownerId(), "ownerId");
        company.requireVersion(expectedVersion); // a stale request claims nothing
        try (KeyReservation keys = duplicates.reserveCompany(id, changed, before, access.scope(), allowDuplicate)) {
            company.update(changed, expectedVersion, clock.instant());
            store.save(company);
            keys.commit();
        }
        return ResponseEntity.ok().eTag(IfMatch.etag(company.getVersion())).body(CompanyResponse.of(company));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id,
                                @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        long expectedVersion = IfMatch.requiredVersion(ifMatch);
        Company company = visible(id);
        company.delete(expectedVersion, clock.instant());
        store.save(company);
        duplicates.releaseCompany(id, company.details()); // its domain is free again
        return ResponseEntity.noContent().build();
    }

    /**
     * JSON merge patch over the known fields only (so no key reaches the store as an operator or path); nested
     * {@code customFields} are merged key by key (null removes), like a contact's.
     */
    private CompanyDetails applyPatch(CompanyDetails current, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw new InvalidRequestException("A merge patch must be a JSON object", List.of());
        }
        List<FieldProblem> problems = new ArrayList<>();
        ObjectNode merged = json.valueToTree(CompanyRequest.of(current));
        for (var entry : patch.properties()) {
            if (!FIELDS.contains(entry.getKey())) {
                problems.add(new FieldProblem(entry.getKey(), "is not a company field"));
            } else if ("customFields".equals(entry.getKey())) {
                merged.set(entry.getKey(), CustomFields.mergePatch(merged.get(entry.getKey()), entry.getValue()));
            } else {
                merged.set(entry.getKey(), entry.getValue());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("The patch has invalid fields", problems);
        }
        try {
            return json.treeToValue(merged, CompanyRequest.class).toDetails();
        } catch (DatabindException e) {
            String field = e.getPath().isEmpty() ? null : e.getPath().getFirst().getPropertyName();
            throw InvalidRequestException.field(field == null ? "patch" : field, "has the wrong type");
        } catch (JacksonException e) {
            throw InvalidRequestException.field("patch", "is not valid");
        }
    }
}
