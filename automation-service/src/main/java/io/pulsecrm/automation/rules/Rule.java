package io.pulsecrm.automation.rules;

import java.time.Instant;
import java.util.List;

import io.pulsecrm.platform.aggregate.StateConflictException;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An automation rule. Its definition (trigger, conditions, actions) is versioned: every edit is a new
 * {@code revision}, kept as a {@link RuleRevision}, and runs record the revision they follow. {@code version} is
 * the optimistic-lock version (the ETag), bumped by any change, edits and enabling alike.
 * <p>
 * The definition is stored as its normalised JSON text: its values are the rule author's, and text keeps any key
 * or value from ever being read as a Mongo operator or path.
 */
@Document(Rule.COLLECTION)
public class Rule {

    public static final String COLLECTION = "rules";

    @Id
    private String id;
    @Version
    private Long version;
    private String name;
    /** The team whose managers manage it and whose members' records it acts on; null for organisation-wide rules. */
    private String team;
    private boolean enabled;
    private int revision;
    private String definition;
    /** The trigger's event types, to find the rules an event fires (indexed); empty for time triggers. */
    private List<String> triggerEvents;
    /** event, date or schedule: the time-trigger job looks for the latter two. */
    private String triggerKind;
    /** Since when the rule (this revision, enabled) is in force: time triggers never fire for moments before it. */
    private Instant activeSince;
    private Instant createdAt;
    private String createdBy;
    private Instant updatedAt;
    private String updatedBy;
    private Instant deletedAt;

    protected Rule() {
    }

    public static Rule create(String id, RuleDefinition definition, String json, boolean enabled, String actor, Instant now) {
        Rule rule = new Rule();
        rule.id = id;
        rule.enabled = enabled;
        rule.createdAt = now;
        rule.createdBy = actor;
        rule.apply(definition, json, 1, actor, now);
        return rule;
    }

    /** A new revision of the definition; runs already under way keep theirs. */
    public void revise(RuleDefinition definition, String json, String actor, Instant now) {
        requireLive();
        apply(definition, json, revision + 1, actor, now);
    }

    public void enable(boolean on, String actor, Instant now) {
        requireLive();
        if (on && !enabled) {
            this.activeSince = now;
        }
        this.enabled = on;
        this.updatedAt = now;
        this.updatedBy = actor;
    }

    public void delete(String actor, Instant now) {
        requireLive();
        this.enabled = false;
        this.deletedAt = now;
        this.updatedAt = now;
        this.updatedBy = actor;
    }

    private void apply(RuleDefinition definition, String json, int newRevision, String actor, Instant now) {
        this.name = definition.name();
        this.team = definition.team();
        this.revision = newRevision;
        this.definition = json;
        this.triggerEvents = List.copyOf(definition.trigger().events());
        this.triggerKind = definition.trigger().kind().name().toLowerCase(java.util.Locale.ROOT);
        this.activeSince = now;
        this.updatedAt = now;
        this.updatedBy = actor;
    }

    private void requireLive() {
        if (deletedAt != null) {
            throw new StateConflictException("Rule " + id + " is deleted");
        }
    }

    public boolean isActive() {
        return enabled && deletedAt == null;
    }

    public String getId() {
        return id;
    }

    public Long getVersion() {
        return version;
    }

    public String getName() {
        return name;
    }

    public String getTeam() {
        return team;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public int getRevision() {
        return revision;
    }

    public String getDefinition() {
        return definition;
    }

    public List<String> getTriggerEvents() {
        return triggerEvents;
    }

    public String getTriggerKind() {
        return triggerKind;
    }

    public Instant getActiveSince() {
        return activeSince;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public String getUpdatedBy() {
        return updatedBy;
    }

    public Instant getDeletedAt() {
        return deletedAt;
    }
}
