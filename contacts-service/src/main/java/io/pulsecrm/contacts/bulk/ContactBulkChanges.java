package io.pulsecrm.contacts.bulk;

import java.util.ArrayList;
import java.util.List;

import io.pulsecrm.contacts.access.RecordAccess;
import io.pulsecrm.contacts.bulk.BulkChangeResult.ItemProblem;
import io.pulsecrm.contacts.bulk.BulkChangeResult.ItemResult;
import io.pulsecrm.contacts.bulk.BulkChangeResult.Status;
import io.pulsecrm.contacts.contacts.Contact;
import io.pulsecrm.contacts.contacts.ContactDetails;
import io.pulsecrm.contacts.contacts.ContactDetailsCopy;
import io.pulsecrm.contacts.contacts.ContactEditing;
import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import io.pulsecrm.platform.web.DomainProblems;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * Applies a {@link BulkChange} contact by contact through the same write path as a PATCH ({@link ContactEditing}):
 * each contact is its own optimistic write with its own event, and succeeds or fails on its own (not visible: 404,
 * changed since it was read: 409, a reassignment the caller may not make: 403), so one stale row never stops the rest.
 * A failure that is not about one contact (the store is down) fails the request; what was written before stays, and
 * repeating the request reports those contacts as 409s (their versions moved).
 */
@Component
class ContactBulkChanges {

    private final ContactEditing editing;
    private final RecordAccess access;

    ContactBulkChanges(ContactEditing editing, RecordAccess access) {
        this.editing = editing;
        this.access = access;
    }

    BulkChangeResult apply(BulkChange request) {
        BulkChange change = request.validated();
        if (change.ownerId() != null) {
            // someone the caller may never give records to fails the whole request, not each contact alike
            access.requireAssignable(change.ownerId(), "ownerId");
        }
        List<ItemResult> results = new ArrayList<>(change.items().size());
        for (BulkChange.Item item : change.items()) {
            results.add(applyTo(item, change));
        }
        return BulkChangeResult.of(results);
    }

    private ItemResult applyTo(BulkChange.Item item, BulkChange change) {
        try {
            Contact contact = editing.update(item.id(), item.version(), false, details -> changed(details, change));
            Status status = contact.getVersion() == item.version().longValue() ? Status.unchanged : Status.updated;
            return new ItemResult(item.id(), status, contact.getVersion(), null);
        } catch (RuntimeException e) {
            ProblemDetail problem = DomainProblems.of(e).orElseThrow(() -> e);
            return new ItemResult(item.id(), Status.failed, null, itemProblem(problem));
        }
    }

    private static ContactDetails changed(ContactDetails details, BulkChange change) {
        ContactDetails result = details;
        if (change.ownerId() != null) {
            result = ContactDetailsCopy.withOwner(result, change.ownerId());
        }
        if (!change.addTags().isEmpty()) {
            List<String> tags = new ArrayList<>(result.tags());
            change.addTags().stream().filter(tag -> !tags.contains(tag)).forEach(tags::add);
            result = ContactDetailsCopy.withTags(result, tags);
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private static ItemProblem itemProblem(ProblemDetail problem) {
        var properties = problem.getProperties() == null ? java.util.Map.<String, Object>of() : problem.getProperties();
        Object current = properties.get("currentVersion");
        return new ItemProblem(String.valueOf(problem.getType()), problem.getTitle(), problem.getStatus(), problem.getDetail(),
                (List<FieldProblem>) properties.get("errors"), current instanceof Number n ? n.longValue() : null);
    }
}
