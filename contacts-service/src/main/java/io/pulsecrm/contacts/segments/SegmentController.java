package io.pulsecrm.contacts.segments;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.pulsecrm.contacts.contacts.ContactResponse;
import io.pulsecrm.contacts.exports.ContactCsvExport;
import io.pulsecrm.platform.tabular.ExportOptions;
import io.pulsecrm.platform.tabular.TabularFormat;
import io.pulsecrm.platform.identity.Caller;
import io.pulsecrm.platform.security.CurrentCaller;
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
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/segments}: saved contact list filters, listed, evaluated, counted and exported; the rules are
 * {@link Segments}'. Evaluating a segment is the contact list with its filter, restricted by the caller's own contact
 * visibility: sharing a segment shares the question, never the answers.
 */
@RestController
@Validated
@RequestMapping(path = "/api/segments", produces = MediaType.APPLICATION_JSON_VALUE)
class SegmentController {

    private static final String MERGE_PATCH_JSON = "application/merge-patch+json";
    private static final Set<String> FIELDS = Set.of("name", "description", "filter", "sharing");

    /** Body of a create; unknown fields are refused by the platform's JSON settings. */
    record SegmentRequest(String name, String description, JsonNode filter, String sharing) {
    }

    /** {@code filter} as the contact list's query parameters; {@code editable}: whether the caller may change it. */
    record SegmentResponse(String id, String name, String description, Map<String, String> filter, String sharing,
                           String ownerId, boolean editable, long version, Instant createdAt, Instant updatedAt) {
    }

    private final Segments segments;
    private final ContactCsvExport csv;

    SegmentController(Segments segments, ContactCsvExport csv) {
        this.segments = segments;
        this.csv = csv;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<SegmentResponse> create(@RequestBody SegmentRequest request) {
        Caller caller = CurrentCaller.get();
        Segment segment = segments.create(new Segment.Draft(request.name(), request.description(),
                SegmentFilter.parse(request.filter()), request.sharing()), caller);
        return ResponseEntity.created(URI.create("/api/segments/" + segment.id()))
                .eTag(IfMatch.etag(segment.version())).body(response(segment, caller));
    }

    @GetMapping
    CursorPage<SegmentResponse> list(@RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit,
                                     @RequestParam(required = false) String cursor) {
        Caller caller = CurrentCaller.get();
        CursorPage<Segment> page = segments.visible(caller, limit, cursor);
        return new CursorPage<>(page.items().stream().map(s -> response(s, caller)).toList(), page.nextCursor());
    }

    @GetMapping("/{id}")
    ResponseEntity<SegmentResponse> get(@PathVariable String id) {
        Caller caller = CurrentCaller.get();
        Segment segment = segments.visible(id, caller);
        return ResponseEntity.ok().eTag(IfMatch.etag(segment.version())).body(response(segment, caller));
    }

    /** JSON merge patch of name, description, filter (replaced whole) and sharing; If-Match required. */
    @PatchMapping(path = "/{id}", consumes = {MediaType.APPLICATION_JSON_VALUE, MERGE_PATCH_JSON})
    ResponseEntity<SegmentResponse> update(@PathVariable String id,
                                           @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                           @RequestBody JsonNode patch) {
        long expectedVersion = IfMatch.requiredVersion(ifMatch);
        Caller caller = CurrentCaller.get();
        Segment segment = segments.editable(id, caller);
        Segment updated = segments.update(segment, expectedVersion, merged(segment, patch), caller);
        return ResponseEntity.ok().eTag(IfMatch.etag(updated.version())).body(response(updated, caller));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id,
                                @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        segments.delete(id, IfMatch.requiredVersion(ifMatch), CurrentCaller.get());
        return ResponseEntity.noContent().build();
    }

    /** The contacts of the segment that the caller sees: the contact list's response, paging and sort. */
    @GetMapping("/{id}/contacts")
    CursorPage<ContactResponse> contacts(@PathVariable String id,
                                         @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit,
                                         @RequestParam(required = false) String cursor) {
        return segments.contacts(segments.visible(id, CurrentCaller.get()), limit, cursor);
    }

    @GetMapping("/{id}/count")
    Map<String, Object> count(@PathVariable String id) {
        return Map.of("segmentId", id, "count", segments.count(segments.visible(id, CurrentCaller.get())));
    }

    /** Export of the segment's contacts that the caller sees, with the options of {@code GET /api/contacts/export}. */
    @GetMapping(path = "/{id}/export", produces = {"text/csv", TabularFormat.XLSX_MEDIA_TYPE})
    ResponseEntity<StreamingResponseBody> export(@PathVariable String id,
                                                 @RequestParam(required = false) String format,
                                                 @RequestParam(required = false) String delimiter,
                                                 @RequestParam(required = false) Boolean bom) {
        Segment segment = segments.visible(id, CurrentCaller.get());
        return csv.stream(segment.filter().toFilter(), "segment-" + segment.id(), ExportOptions.of(format, delimiter, bom));
    }

    /**
     * The segment's fields with the merge patch applied: absent keeps, null clears; the filter only when sent, so an
     * unchanged one is kept as saved (a custom field deleted since does not block a rename).
     */
    private static Segment.Draft merged(Segment segment, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw new InvalidRequestException("A merge patch must be a JSON object", List.of());
        }
        List<FieldProblem> problems = new ArrayList<>();
        patch.properties().forEach(entry -> {
            if (!FIELDS.contains(entry.getKey())) {
                problems.add(new FieldProblem(entry.getKey(), "is not a segment field; fields: " + FIELDS));
            }
        });
        String name = string(patch, "name", segment.name(), problems);
        String description = string(patch, "description", segment.description(), problems);
        String sharing = string(patch, "sharing", segment.sharing(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("The patch has invalid fields", problems);
        }
        SegmentFilter filter = patch.has("filter") ? SegmentFilter.parse(patch.get("filter")) : null;
        return new Segment.Draft(name, description, filter, sharing);
    }

    /** A patched text field: the new value (null clears), the current one when absent; other JSON types refused. */
    private static String string(JsonNode patch, String field, String current, List<FieldProblem> problems) {
        if (!patch.has(field)) {
            return current;
        }
        JsonNode value = patch.get(field);
        if (value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            problems.add(new FieldProblem(field, "must be a string"));
            return current;
        }
        return value.asString();
    }

    private SegmentResponse response(Segment segment, Caller caller) {
        return new SegmentResponse(segment.id(), segment.name(), segment.description(), segment.filter().parameters(),
                segment.sharing(), segment.ownerId(), segments.mayChange(segment, caller), segment.version(),
                segment.createdAt(), segment.updatedAt());
    }
}
