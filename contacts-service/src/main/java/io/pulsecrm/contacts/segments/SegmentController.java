package io.pulsecrm.contacts.segments;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.pulsecrm.contacts.access.RecordAccess;
import io.pulsecrm.contacts.contacts.ContactDirectory;
import io.pulsecrm.contacts.contacts.ContactResponse;
import io.pulsecrm.contacts.exports.ContactCsvExport;
import io.pulsecrm.contacts.search.ListSort;
import io.pulsecrm.platform.aggregate.AggregateNotFoundException;
import io.pulsecrm.platform.aggregate.StateConflictException;
import io.pulsecrm.platform.aggregate.VersionConflictException;
import io.pulsecrm.platform.events.Ids;
import io.pulsecrm.platform.identity.Caller;
import io.pulsecrm.platform.security.CurrentCaller;
import io.pulsecrm.platform.security.ForbiddenException;
import io.pulsecrm.platform.security.OwnerScope;
import io.pulsecrm.platform.web.CursorPage;
import io.pulsecrm.platform.web.IfMatch;
import io.pulsecrm.platform.web.InvalidRequestException;
import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import io.pulsecrm.platform.web.TextFields;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
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
 * {@code /api/segments}: saved contact list filters, listed, evaluated, counted and exported. A segment the caller
 * may not see ({@link SegmentSharing}) is a 404, one they see but may not change a 403. Evaluating a segment is the
 * contact list with its filter, restricted by the caller's own contact visibility: sharing a segment shares the
 * question, never the answers.
 */
@RestController
@Validated
@EnableConfigurationProperties(SegmentsProperties.class)
@RequestMapping(path = "/api/segments", produces = MediaType.APPLICATION_JSON_VALUE)
class SegmentController {

    static final int MAX_NAME = 100;
    static final int MAX_DESCRIPTION = 1000;
    private static final String MERGE_PATCH_JSON = "application/merge-patch+json";
    private static final Set<String> FIELDS = Set.of("name", "description", "filter", "sharing");
    /** Segments are listed in creation order (ids are time-ordered). */
    private static final ListSort ORDER = ListSort.byId("createdAt", false);

    /** Body of a create; unknown fields are refused by the platform's JSON settings. */
    record SegmentRequest(String name, String description, JsonNode filter, String sharing) {
    }

    /** {@code filter} as the contact list's query parameters; {@code editable}: whether the caller may change it. */
    record SegmentResponse(String id, String name, String description, Map<String, String> filter, String sharing,
                           String ownerId, boolean editable, long version, Instant createdAt, Instant updatedAt) {
    }

    /** Checked values of a create or an update. */
    private record Draft(String name, String description, SegmentFilter filter, String sharing) {
    }

    private final MongoTemplate mongo;
    private final SegmentSharing sharing;
    private final ContactDirectory directory;
    private final RecordAccess access;
    private final ContactCsvExport csv;
    private final SegmentsProperties properties;
    private final Clock clock;

    SegmentController(MongoTemplate mongo, SegmentSharing sharing, ContactDirectory directory, RecordAccess access,
                      ContactCsvExport csv, SegmentsProperties properties, Clock clock) {
        this.mongo = mongo;
        this.sharing = sharing;
        this.directory = directory;
        this.access = access;
        this.csv = csv;
        this.properties = properties;
        this.clock = clock;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<SegmentResponse> create(@RequestBody SegmentRequest request) {
        Caller caller = CurrentCaller.get();
        Draft draft = check(request.name(), request.description(), SegmentFilter.parse(request.filter()), request.sharing(), caller);
        // a bound, not a race-free quota: two concurrent creates may both pass at the limit
        long owned = mongo.count(Query.query(Criteria.where("ownerId").is(caller.id())), Segment.class);
        if (owned >= properties.maxPerOwner()) {
            throw InvalidRequestException.field("segments", "at most " + properties.maxPerOwner()
                    + " segments per owner; delete one first");
        }
        Instant now = clock.instant();
        Segment segment = new Segment(Ids.newId(), draft.name(), nameKey(draft.name()), draft.description(),
                draft.filter(), caller.id(), draft.sharing(), 0, now, now);
        try {
            mongo.insert(segment);
        } catch (DuplicateKeyException e) {
            throw duplicateName(draft.name());
        }
        return ResponseEntity.created(URI.create("/api/segments/" + segment.id()))
                .eTag(IfMatch.etag(segment.version())).body(response(segment, caller));
    }

    /** The segments the caller sees (their own, their team's shared ones, everyone's), in creation order. */
    @GetMapping
    CursorPage<SegmentResponse> list(@RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit,
                                     @RequestParam(required = false) String cursor) {
        Caller caller = CurrentCaller.get();
        List<Criteria> all = new ArrayList<>();
        Criteria visible = sharing.visible(caller);
        if (visible != null) {
            all.add(visible);
        }
        if (cursor != null) {
            all.add(ORDER.after(cursor));
        }
        Query query = (all.isEmpty() ? new Query() : Query.query(new Criteria().andOperator(all)))
                .with(ORDER.order()).limit(limit + 1);
        CursorPage<Segment> page = CursorPage.of(mongo.find(query, Segment.class), limit, s -> ORDER.cursor(s.id(), null));
        return new CursorPage<>(page.items().stream().map(s -> response(s, caller)).toList(), page.nextCursor());
    }

    @GetMapping("/{id}")
    ResponseEntity<SegmentResponse> get(@PathVariable String id) {
        Caller caller = CurrentCaller.get();
        Segment segment = visible(id, caller);
        return ResponseEntity.ok().eTag(IfMatch.etag(segment.version())).body(response(segment, caller));
    }

    /**
     * JSON merge patch of name, description, filter (replaced whole) and sharing; If-Match required. Managers
     * changing a member's shared segment may not make it private (it would vanish from the team it was shared with).
     */
    @PatchMapping(path = "/{id}", consumes = {MediaType.APPLICATION_JSON_VALUE, MERGE_PATCH_JSON})
    ResponseEntity<SegmentResponse> update(@PathVariable String id,
                                           @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                           @RequestBody JsonNode patch) {
        long expectedVersion = IfMatch.requiredVersion(ifMatch);
        Caller caller = CurrentCaller.get();
        Segment segment = editable(id, caller);
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
        String mode = string(patch, "sharing", segment.sharing(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("The patch has invalid fields", problems);
        }
        // an unchanged filter is kept as it is (a custom field deleted since does not block a rename)
        SegmentFilter filter = patch.has("filter") ? SegmentFilter.parse(patch.get("filter")) : null;
        Draft draft = check(name, description, filter, mode, caller);
        if (sharing.managesSharedSegment(segment, caller) && SegmentSharing.PRIVATE.equals(draft.sharing())) {
            throw new ForbiddenException("Only the owner and admins make a shared segment private");
        }
        requireVersion(segment, expectedVersion);
        Update update = new Update().set("name", draft.name()).set("nameKey", nameKey(draft.name()))
                .set("description", draft.description()).set("sharing", draft.sharing())
                .set("updatedAt", clock.instant()).inc("version", 1);
        if (draft.filter() != null) {
            update.set("filter", draft.filter());
        }
        try {
            if (mongo.updateFirst(current(id, expectedVersion), update, Segment.class).getMatchedCount() == 0) {
                throw new VersionConflictException("segment", id, expectedVersion, null);
            }
        } catch (DuplicateKeyException e) {
            throw duplicateName(draft.name());
        }
        Segment updated = mongo.findById(id, Segment.class);
        if (updated == null) {
            throw new AggregateNotFoundException("segment", id);
        }
        return ResponseEntity.ok().eTag(IfMatch.etag(updated.version())).body(response(updated, caller));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id,
                                @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        long expectedVersion = IfMatch.requiredVersion(ifMatch);
        Segment segment = editable(id, CurrentCaller.get());
        requireVersion(segment, expectedVersion);
        if (mongo.remove(current(id, expectedVersion), Segment.class).getDeletedCount() == 0) {
            throw new VersionConflictException("segment", id, expectedVersion, null);
        }
        return ResponseEntity.noContent().build();
    }

    /** The contacts of the segment that the caller sees: the contact list's response, paging and sort. */
    @GetMapping("/{id}/contacts")
    CursorPage<ContactResponse> contacts(@PathVariable String id,
                                         @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit,
                                         @RequestParam(required = false) String cursor) {
        SegmentFilter filter = visible(id, CurrentCaller.get()).filter();
        return directory.page(filter.toFilter(), access.scope(), directory.sort(filter.sort()), limit, cursor);
    }

    @GetMapping("/{id}/count")
    Map<String, Object> count(@PathVariable String id) {
        SegmentFilter filter = visible(id, CurrentCaller.get()).filter();
        return Map.of("segmentId", id, "count", directory.count(filter.toFilter(), access.scope()));
    }

    /** CSV export of the segment's contacts that the caller sees (as {@code GET /api/contacts/export}). */
    @GetMapping(path = "/{id}/export", produces = "text/csv")
    ResponseEntity<StreamingResponseBody> export(@PathVariable String id) {
        Segment segment = visible(id, CurrentCaller.get());
        return csv.stream(segment.filter().toFilter(), "segment-" + segment.id() + ".csv");
    }

    private Segment visible(String id, Caller caller) {
        Segment segment = mongo.findById(id, Segment.class);
        if (segment == null || !sharing.sees(segment, caller)) {
            throw new AggregateNotFoundException("segment", id);
        }
        return segment;
    }

    private Segment editable(String id, Caller caller) {
        Segment segment = visible(id, caller);
        if (!sharing.edits(segment, caller)) {
            throw new ForbiddenException("Only the segment's owner, the managers of their team (once it is shared) and admins change it");
        }
        return segment;
    }

    private static void requireVersion(Segment segment, long expectedVersion) {
        if (segment.version() != expectedVersion) {
            throw new VersionConflictException("segment", segment.id(), expectedVersion, segment.version());
        }
    }

    private static Query current(String id, long version) {
        return Query.query(Criteria.where("_id").is(id).and("version").is(version));
    }

    /**
     * Checks a segment's fields; {@code filter} null: unchanged. The filter goes through the contact list's own
     * checks (custom fields defined, values of their type, q, sort), so a segment never stores what the list refuses.
     */
    private Draft check(String name, String description, SegmentFilter filter, String mode, Caller caller) {
        List<FieldProblem> problems = new ArrayList<>();
        String cleanName = TextFields.clean(name, "name", MAX_NAME, true, problems);
        String cleanDescription = TextFields.clean(description, "description", MAX_DESCRIPTION, false, true, problems);
        String cleanMode = mode == null || mode.isBlank() ? SegmentSharing.PRIVATE : mode.strip().toLowerCase(Locale.ROOT);
        if (!SegmentSharing.MODES.contains(cleanMode)) {
            problems.add(new FieldProblem("sharing", "must be one of " + SegmentSharing.MODES));
        } else if (SegmentSharing.TEAM.equals(cleanMode) && caller.team() == null && !caller.isClient()) {
            problems.add(new FieldProblem("sharing", "team needs a member of a team"));
        }
        if (filter != null) {
            try {
                // the scope of nobody's records: only the checks matter here, not the contacts
                directory.page(filter.toFilter(), OwnerScope.of(Set.of()), directory.sort(filter.sort()), 1, null);
            } catch (InvalidRequestException invalid) {
                if (invalid.fieldErrors().isEmpty()) {
                    problems.add(new FieldProblem("filter", invalid.getMessage()));
                }
                invalid.fieldErrors().forEach(problem -> problems.add(new FieldProblem("filter." + problem.field(), problem.message())));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("The segment has invalid fields", problems);
        }
        return new Draft(cleanName, cleanDescription, filter, cleanMode);
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
                segment.sharing(), segment.ownerId(), sharing.edits(segment, caller), segment.version(),
                segment.createdAt(), segment.updatedAt());
    }

    private static String nameKey(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static StateConflictException duplicateName(String name) {
        return new StateConflictException("The owner already has a segment named '" + name + "'");
    }
}
