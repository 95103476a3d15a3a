package io.pulsecrm.automation.actions;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.pulsecrm.automation.triggers.Changes;
import io.pulsecrm.automation.triggers.EventFacts;
import io.pulsecrm.automation.triggers.RecordRef;
import io.pulsecrm.automation.triggers.TriggerEvent;
import io.pulsecrm.platform.identity.UserDirectory;
import io.pulsecrm.platform.security.Visibility;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the facts of a trigger event: its data and changes, the current record (fetched from its service when
 * first read) and {@code owner.*} (the record's owner as the users directory knows them: id, name, email, team).
 */
@Component
public class Contexts {

    private final Records records;
    private final UserDirectory directory;
    private final Clock clock;

    Contexts(Records records, Visibility visibility, Clock clock) {
        this.records = records;
        this.directory = visibility.directory();
        this.clock = clock;
    }

    public EventFacts facts(TriggerEvent event, RecordRef record) {
        return facts(event, record, () -> records.fetch(record, event.id()));
    }

    /** @param recordSource where {@code record.*} comes from (dry runs may pass a record already read) */
    public EventFacts facts(TriggerEvent event, RecordRef record, Supplier<JsonNode> recordSource) {
        AtomicReference<EventFacts> self = new AtomicReference<>();
        Map<String, Supplier<JsonNode>> roots = Map.of("owner", () -> person(ownerOf(record, self.get())));
        EventFacts facts = new EventFacts(event, Changes.of(event.type(), event.data()), recordSource, roots, clock);
        self.set(facts);
        return facts;
    }

    public RunContext context(String runId, String ruleId, String ruleName, int depth, TriggerEvent event,
                              RecordRef record, EventFacts facts, boolean dryRun) {
        return new RunContext(runId, ruleId, ruleName, depth, event, record, facts, dryRun);
    }

    static String ownerOf(RecordRef record, EventFacts facts) {
        if (record == null) {
            return null;
        }
        return record.ownerId() != null ? record.ownerId() : RecordRef.ownerOf(record.type(), facts.record());
    }

    private JsonNode person(String userId) {
        if (userId == null) {
            return MissingNode.getInstance();
        }
        ObjectNode person = JsonNodeFactory.instance.objectNode().put("id", userId);
        directory.find(userId).ifPresent(member -> {
            person.put("name", member.name());
            person.put("email", member.email());
            person.put("team", member.team());
        });
        return person;
    }
}
