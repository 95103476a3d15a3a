package io.pulsecrm.contacts.companies;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.pulsecrm.contacts.duplicates.DuplicateDetector;
import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.web.CursorPage;
import io.pulsecrm.platform.web.IfMatch;
import io.pulsecrm.platform.web.InvalidRequestException;
import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
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

/** {@code /api/companies}: B2B accounts. The contacts of a company are at {@code /api/companies/{id}/contacts}. */
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
    private final JsonMapper json;
    private final Clock clock;

    CompanyController(AggregateStore store, CompanyNormalizer normalizer, CompanyDirectory directory,
                      DuplicateDetector duplicates, JsonMapper json, Clock clock) {
        this.store = store;
        this.normalizer = normalizer;
        this.directory = directory;
        this.duplicates = duplicates;
        this.json = json;
        this.clock = clock;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CompanyResponse> create(@RequestBody CompanyRequest request,
                                           @RequestParam(defaultValue = "false") boolean allowDuplicate) {
        CompanyDetails details = normalizer.normalize(request.toDetails());
        if (!allowDuplicate) {
            duplicates.refuseDuplicateCompany(details);
        }
        Company company = store.save(Company.create(details, clock.instant()));
        return ResponseEntity.created(URI.create("/api/companies/" + company.getId()))
                .eTag(IfMatch.etag(company.getVersion())).body(CompanyResponse.of(company));
    }

    @GetMapping("/{id}")
    ResponseEntity<CompanyResponse> get(@PathVariable String id) {
        Company company = store.get(Company.class, id);
        return ResponseEntity.ok().eTag(IfMatch.etag(company.getVersion())).body(CompanyResponse.of(company));
    }

    @GetMapping
    CursorPage<CompanyResponse> list(@RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit,
                                     @RequestParam(required = false) String cursor,
                                     @RequestParam(required = false) String q,
                                     @RequestParam(required = false) String ownerId) {
        return directory.page(q, ownerId, limit, cursor);
    }

    @PatchMapping(path = "/{id}", consumes = {MediaType.APPLICATION_JSON_VALUE, MERGE_PATCH_JSON})
    ResponseEntity<CompanyResponse> update(@PathVariable String id,
                                           @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                           @RequestBody JsonNode patch) {
        long expectedVersion = IfMatch.requiredVersion(ifMatch);
        Company company = store.get(Company.class, id);
        company.update(normalizer.normalize(applyPatch(company.details(), patch)), expectedVersion, clock.instant());
        store.save(company);
        return ResponseEntity.ok().eTag(IfMatch.etag(company.getVersion())).body(CompanyResponse.of(company));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id,
                                @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        long expectedVersion = IfMatch.requiredVersion(ifMatch);
        Company company = store.get(Company.class, id);
        company.delete(expectedVersion, clock.instant());
        store.save(company);
        return ResponseEntity.noContent().build();
    }

    /** JSON merge patch over the known fields only (so no key reaches the store as an operator or path). */
    private CompanyDetails applyPatch(CompanyDetails current, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw new InvalidRequestException("A merge patch must be a JSON object", List.of());
        }
        List<FieldProblem> problems = new ArrayList<>();
        ObjectNode merged = json.valueToTree(CompanyRequest.of(current));
        for (var entry : patch.properties()) {
            if (!FIELDS.contains(entry.getKey())) {
                problems.add(new FieldProblem(entry.getKey(), "is not a company field"));
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
