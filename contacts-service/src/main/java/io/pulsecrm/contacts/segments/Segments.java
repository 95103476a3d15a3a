package io.pulsecrm.contacts.segments;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.pulsecrm.contacts.access.RecordAccess;
import io.pulsecrm.contacts.contacts.ContactDirectory;
import io.pulsecrm.contacts.contacts.ContactResponse;
import io.pulsecrm.contacts.search.ListSort;
import io.pulsecrm.platform.aggregate.AggregateNotFoundException;
import io.pulsecrm.platform.aggregate.StateConflictException;
import io.pulsecrm.platform.aggregate.VersionConflictException;
import io.pulsecrm.platform.events.Ids;
import io.pulsecrm.platform.identity.Caller;
import io.pulsecrm.platform.security.ForbiddenException;
import io.pulsecrm.platform.security.OwnerScope;
import io.pulsecrm.platform.web.CursorPage;
import io.pulsecrm.platform.web.InvalidRequestException;
import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import io.pulsecrm.platform.web.TextFields;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The saved segments and their rules: fields checked as the contact list checks its query, a bounded number per
 * owner, names unique per owner, who sees and who changes one ({@link SegmentSharing}), and changes as conditional
 * writes on the version. A segment the caller may not see is missing (404); one they see but may not change, 403.
 */
@Component
@EnableConfigurationProperties(SegmentsProperties.class)
class Segments {

    /** Segments are listed in creation order (ids are time-ordered). */
    private static final ListSort ORDER = ListSort.byId("createdAt", false);

    private final MongoTemplate mongo;
    private final SegmentSharing sharing;
    private final ContactDirectory directory;
    private final RecordAccess access;
    private final SegmentsProperties properties;
    private final Clock clock;

    Segments(MongoTemplate mongo, SegmentSharing sharing, ContactDirectory directory, RecordAccess access,
             SegmentsProperties properties, Clock clock) {
        this.mongo = mongo;
        this.sharing = sharing;
        this.directory = directory;
        this.access = access;
        this.properties = properties;
        this.clock = clock;
    }

    Segment create(Segment.Draft requested, Caller caller) {
        Segment.Draft draft = check(requested, caller);
        // a bound, not a race-free quota: two concurrent creates may both pass at the limit
        long owned = mongo.count(Query.query(Criteria.where("ownerId").is(caller.id())), Segment.class);
        if (owned >= properties.maxPerOwner()) {
            throw InvalidRequestException.field("segments", "at most " + properties.maxPerOwner()
                    + " segments per owner; delete one first");
        }
        Segment segment = Segment.create(Ids.newId(), draft, caller.id(), clock.instant());
        try {
            mongo.insert(segment);
        } catch (DuplicateKeyException e) {
            throw duplicateName(draft.name());
        }
        return segment;
    }

    /** The segments the caller sees (their own, their team's shared ones, everyone's), in creation order. */
    CursorPage<Segment> visible(Caller caller, int limit, String cursor) {
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
        return CursorPage.of(mongo.find(query, Segment.class), limit, s -> ORDER.cursor(s.id(), null));
    }

    Segment visible(String id, Caller caller) {
        Segment segment = mongo.findById(id, Segment.class);
        if (segment == null || !sharing.sees(segment, caller)) {
            throw new AggregateNotFoundException("segment", id);
        }
        return segment;
    }

    Segment editable(String id, Caller caller) {
        Segment segment = visible(id, caller);
        if (!mayChange(segment, caller)) {
            throw new ForbiddenException("Only the segment's owner, the managers of their team (once it is shared) and admins change it");
        }
        return segment;
    }

    /** Whether the caller may change the segment (shown to them as {@code editable}). */
    boolean mayChange(Segment segment, Caller caller) {
        return sharing.edits(segment, caller);
    }

    /**
     * Changes a segment as {@link #editable(String, Caller)} returned it, if still at {@code expectedVersion}.
     * Managers changing a member's shared segment may not make it private (it would vanish from the team it was
     * shared with).
     */
    Segment update(Segment segment, long expectedVersion, Segment.Draft requested, Caller caller) {
        Segment.Draft draft = check(requested, caller);
        if (sharing.managesSharedSegment(segment, caller) && SegmentSharing.PRIVATE.equals(draft.sharing())) {
            throw new ForbiddenException("Only the owner and admins make a shared segment private");
        }
        segment.requireVersion(expectedVersion);
        Segment changed = segment.withChanges(draft, clock.instant());
        Update update = new Update().set("name", changed.name()).set("nameKey", changed.nameKey())
                .set("description", changed.description()).set("sharing", changed.sharing())
                .set("updatedAt", changed.updatedAt()).inc("version", 1);
        if (draft.filter() != null) {
            update.set("filter", changed.filter());
        }
        try {
            if (mongo.updateFirst(atVersion(segment.id(), expectedVersion), update, Segment.class).getMatchedCount() == 0) {
                throw new VersionConflictException("segment", segment.id(), expectedVersion, null);
            }
        } catch (DuplicateKeyException e) {
            throw duplicateName(draft.name());
        }
        // read back rather than return `changed`: the response shows what was stored
        Segment updated = mongo.findById(segment.id(), Segment.class);
        if (updated == null) {
            throw new AggregateNotFoundException("segment", segment.id());
        }
        return updated;
    }

    /** Deletes for good, if the caller may change it and it is still at {@code expectedVersion}. */
    void delete(String id, long expectedVersion, Caller caller) {
        editable(id, caller).requireVersion(expectedVersion);
        if (mongo.remove(atVersion(id, expectedVersion), Segment.class).getDeletedCount() == 0) {
            throw new VersionConflictException("segment", id, expectedVersion, null);
        }
    }

    /** The segment's contacts that the caller sees: the contact list's response, paging and sort. */
    CursorPage<ContactResponse> contacts(Segment segment, int limit, String cursor) {
        SegmentFilter filter = segment.filter();
        return directory.page(filter.toFilter(), access.scope(), directory.sort(filter.sort()), limit, cursor);
    }

    /** How many of the segment's contacts the caller sees. */
    long count(Segment segment) {
        return directory.count(segment.filter().toFilter(), access.scope());
    }

    private static Query atVersion(String id, long version) {
        return Query.query(Criteria.where("_id").is(id).and("version").is(version));
    }

    /**
     * Checks a segment's fields; {@code filter} null: unchanged. The filter goes through the contact list's own
     * checks (custom fields defined, values of their type, q, sort), so a segment never stores what the list refuses.
     */
    private Segment.Draft check(Segment.Draft requested, Caller caller) {
        List<FieldProblem> problems = new ArrayList<>();
        String name = TextFields.clean(requested.name(), "name", Segment.MAX_NAME, true, problems);
        String description = TextFields.clean(requested.description(), "description", Segment.MAX_DESCRIPTION, false, true, problems);
        String mode = requested.sharing() == null || requested.sharing().isBlank()
                ? SegmentSharing.PRIVATE : requested.sharing().strip().toLowerCase(Locale.ROOT);
        if (!SegmentSharing.MODES.contains(mode)) {
            problems.add(new FieldProblem("sharing", "must be one of " + SegmentSharing.MODES));
        } else if (SegmentSharing.TEAM.equals(mode) && caller.team() == null && !caller.isClient()) {
            problems.add(new FieldProblem("sharing", "team needs a member of a team"));
        }
        SegmentFilter filter = requested.filter();
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
        return new Segment.Draft(name, description, filter, mode);
    }

    private static StateConflictException duplicateName(String name) {
        return new StateConflictException("The owner already has a segment named '" + name + "'");
    }
}
