package io.pulsecrm.notification.live;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.pulsecrm.notification.NotificationsProperties;
import io.pulsecrm.notification.push.RecordAudience;
import io.pulsecrm.notification.push.RecordChange;
import io.pulsecrm.notification.push.RecordHint;
import io.pulsecrm.platform.events.EventEnvelope;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Reads a domain event as a {@link RecordChange}: which record changed and who may see it, by the rules each
 * owning service applies in its queries (docs/identity.md): contacts, companies and deals by {@code ownerId}; tasks
 * by assignee, and their creator; pipelines are configuration everyone sees. Payloads are read tolerantly.
 * <p>
 * Deletions and timeline activities name no owner, so each replica remembers the owners of the records whose events
 * it saw (a bounded cache, {@code live.owner-cache-size}); a record it never saw is hinted only to viewers who see
 * every record. Hints are best-effort: a missed one costs a page a refresh, a wrong one would leak, so the unknown
 * case stays narrow.
 */
@Component
public class RecordChanges {

    private final Cache<String, Optional<String>> owners;

    @org.springframework.beans.factory.annotation.Autowired
    public RecordChanges(NotificationsProperties properties) {
        this(properties.live().ownerCacheSize());
    }

    RecordChanges(int ownerCacheSize) {
        this.owners = Caffeine.newBuilder().maximumSize(ownerCacheSize).build();
    }

    public Optional<RecordChange> of(EventEnvelope event) {
        String aggregate = event.aggregateType() != null ? event.aggregateType() : aggregateOf(event.type());
        JsonNode data = event.data();
        Long version = event.aggregateVersion() > 0 ? event.aggregateVersion() : null;
        return Optional.ofNullable(switch (aggregate) {
            case "contact" -> owned("contact", event.subject(), version, data.path("contact"), data,
                    refs("company", text(data.path("contact").path("companyId")),
                            text(data.path("changes").path("companyId").path("from"))));
            case "company" -> owned("company", event.subject(), version, data.path("company"), data, List.of());
            case "deal" -> owned("deal", event.subject(), version, data.path("deal"), data, dealRelated(data.path("deal")));
            case "pipeline" -> new RecordChange(new RecordHint("pipeline", event.subject(), version, List.of()),
                    RecordAudience.everyone());
            case "task" -> task(event.subject(), version, data);
            case "activity" -> activity(event.subject(), version, data.path("activity"));
            default -> null;
        });
    }

    /**
     * A record whose state ({@code state}, absent on deletion) names its {@code ownerId}; after a change of owner,
     * who saw it under the previous one is told too.
     */
    private RecordChange owned(String type, String id, Long version, JsonNode state, JsonNode data, List<RecordHint.Ref> related) {
        List<String> owners = new ArrayList<>();
        boolean known;
        if (state.isObject()) {
            String owner = text(state.path("ownerId"));
            this.owners.put(key(type, id), Optional.ofNullable(owner));
            owners.add(owner);
            known = true;
        } else {
            Optional<String> remembered = this.owners.getIfPresent(key(type, id));
            known = remembered != null;
            if (known) {
                owners.add(remembered.orElse(null));
            }
        }
        JsonNode ownerChange = data.path("changes").path("ownerId");
        if (ownerChange.isObject()) {
            owners.add(text(ownerChange.path("from")));
            known = true;
        }
        RecordAudience audience = known ? audience(owners, Set.of()) : RecordAudience.unknownOwner();
        return new RecordChange(new RecordHint(type, id, version, related), audience);
    }

    /** Seen by its assignee's watchers (everyone while unassigned) and its creator; the previous assignee's too. */
    private static RecordChange task(String id, Long version, JsonNode data) {
        JsonNode task = data.path("task");
        List<String> owners = new ArrayList<>();
        owners.add(task.isObject() ? text(task.path("assigneeId")) : text(data.path("assigneeId")));
        String previous = text(data.path("previousAssigneeId"));
        if (previous != null) {
            owners.add(previous);
        }
        Set<String> users = new LinkedHashSet<>();
        String creator = text(task.path("creatorId"));
        if (creator != null) {
            users.add(creator);
        }
        List<RecordHint.Ref> related = refs("contact", text(task.path("contactId")));
        related.addAll(refs("company", text(task.path("companyId"))));
        related.addAll(refs("deal", text(task.path("dealId"))));
        return new RecordChange(new RecordHint("task", id, version, related), audience(owners, users));
    }

    /** An entry on a contact's (and its company's) timeline: seen by whoever sees the contact. */
    private RecordChange activity(String id, Long version, JsonNode activity) {
        String contact = text(activity.path("contactId"));
        List<RecordHint.Ref> related = refs("contact", contact);
        related.addAll(refs("company", text(activity.path("companyId"))));
        Optional<String> owner = contact == null ? null : owners.getIfPresent(key("contact", contact));
        RecordAudience audience = owner == null ? RecordAudience.unknownOwner()
                : audience(java.util.Collections.singletonList(owner.orElse(null)), Set.of());
        return new RecordChange(new RecordHint("activity", id, version, related), audience);
    }

    private static List<RecordHint.Ref> dealRelated(JsonNode deal) {
        List<RecordHint.Ref> related = new ArrayList<>();
        for (JsonNode contact : deal.path("contacts")) {
            related.addAll(refs("contact", text(contact.path("contactId"))));
        }
        related.addAll(refs("company", text(deal.path("companyId"))));
        return related;
    }

    /** A null owner is the shared pool, which everyone sees. */
    private static RecordAudience audience(List<String> owners, Set<String> users) {
        if (owners.contains(null)) {
            return new RecordAudience(true, Set.of(), users);
        }
        return new RecordAudience(false, new LinkedHashSet<>(owners), users);
    }

    private static List<RecordHint.Ref> refs(String type, String... ids) {
        List<RecordHint.Ref> refs = new ArrayList<>();
        for (String id : ids) {
            if (id != null && refs.stream().noneMatch(ref -> ref.id().equals(id))) {
                refs.add(new RecordHint.Ref(type, id));
            }
        }
        return refs;
    }

    private static String key(String type, String id) {
        return type + '|' + id;
    }

    /** {@code pulse.contact.updated.v1} → {@code contact}, for events without the aggregatetype extension. */
    private static String aggregateOf(String type) {
        String[] parts = type.split("\\.");
        return parts.length > 1 ? parts[1] : "";
    }

    private static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull() || !node.isValueNode()) {
            return null;
        }
        String value = node.asString();
        return value == null || value.isBlank() ? null : value;
    }
}
