package io.pulsecrm.automation.rules;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.pulsecrm.automation.triggers.EventCatalog;
import io.pulsecrm.platform.aggregate.AggregateNotFoundException;
import io.pulsecrm.platform.aggregate.VersionConflictException;
import io.pulsecrm.platform.events.Ids;
import io.pulsecrm.platform.security.Visibility;
import io.pulsecrm.platform.web.CursorPage;
import io.pulsecrm.platform.web.InvalidRequestException;
import jakarta.annotation.PostConstruct;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndReplaceOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Storing, versioning and finding rules; parsed definitions are cached per (rule, revision), which never change. */
@Service
public class Rules {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MongoTemplate mongo;
    private final RuleParser parser;
    private final Clock clock;
    private final Map<String, RuleDefinition> definitions = new ConcurrentHashMap<>();

    Rules(MongoTemplate mongo, EventCatalog catalog, Visibility visibility, Clock clock) {
        this.mongo = mongo;
        this.parser = new RuleParser(catalog, new DirectoryPeople(visibility.directory()));
        this.clock = clock;
    }

    @PostConstruct
    void createIndexes() {
        // the rules an event triggers (every event; the list filtered by trigger reads it in _id order too), the time
        // triggers the schedulers poll, the whole list in _id order, a team's
        mongo.indexOps(Rule.class).createIndex(new Index().on("triggerEvents", Sort.Direction.ASC)
                .on("enabled", Sort.Direction.ASC).on("_id", Sort.Direction.ASC).named("trigger_enabled_created"));
        mongo.indexOps(Rule.class).createIndex(new Index().on("triggerKind", Sort.Direction.ASC)
                .on("enabled", Sort.Direction.ASC).named("kind_enabled"));
        mongo.indexOps(Rule.class).createIndex(new Index().on("deletedAt", Sort.Direction.ASC).on("_id", Sort.Direction.ASC)
                .named("live_created"));
        mongo.indexOps(Rule.class).createIndex(new Index().on("team", Sort.Direction.ASC).on("_id", Sort.Direction.ASC));
        mongo.indexOps(RuleRevision.COLLECTION).createIndex(new Index().on("ruleId", Sort.Direction.ASC)
                .on("revision", Sort.Direction.DESC).named("rule_newest"));
    }

    public RuleParser parser() {
        return parser;
    }

    /** Parses and checks a definition against the directory, 400 with every problem otherwise. */
    public RuleDefinition validate(JsonNode body, String team, boolean webhooksAllowed) {
        RuleDefinition definition;
        try {
            definition = parser.parse(body, team, webhooksAllowed);
        } catch (InvalidRuleException e) {
            throw asBadRequest(e);
        }
        var time = definition.trigger().time();
        if (time != null && time.cron() != null && !org.springframework.scheduling.support.CronExpression.isValidExpression(time.cron())) {
            throw InvalidRequestException.field("trigger.cron", "is not a valid cron expression (second minute hour day month weekday)");
        }
        return definition;
    }

    public static InvalidRequestException asBadRequest(InvalidRuleException e) {
        return new InvalidRequestException("The rule is invalid", e.problems().stream()
                .map(p -> new InvalidRequestException.FieldProblem(p.field(), p.message())).toList());
    }

    /** The stored form of a definition: its normalised JSON text. */
    public static String serialize(RuleDefinition definition) {
        return JSON.writeValueAsString(definition.toJson());
    }

    public Rule create(RuleDefinition definition, boolean enabled, String actor) {
        String json = serialize(definition);
        Rule rule = Rule.create(Ids.newId(), definition, json, enabled, actor, clock.instant());
        mongo.insert(rule);
        keepRevision(rule);
        return rule;
    }

    /** Applies a change to the rule at the version the caller last saw (409 otherwise). */
    public Rule change(String id, long expectedVersion, java.util.function.Consumer<Rule> change) {
        Rule rule = get(id);
        if (!rule.getVersion().equals(expectedVersion)) {
            throw new VersionConflictException("rule", id, expectedVersion, rule.getVersion());
        }
        change.accept(rule);
        Rule saved = mongo.save(rule); // conditional on the version: a concurrent change gets 409
        keepRevision(saved);
        return saved;
    }

    /**
     * The rule's current definition as a revision. Written after the rule itself, so a revision only ever holds
     * what a rule really pointed at; repeated (idempotent) if a crash lost it.
     */
    private void keepRevision(Rule rule) {
        String id = RuleRevision.idOf(rule.getId(), rule.getRevision());
        mongo.findAndReplace(Query.query(Criteria.where("_id").is(id)),
                new RuleRevision(id, rule.getId(), rule.getRevision(), rule.getName(), rule.getDefinition(),
                        rule.getUpdatedAt(), rule.getUpdatedBy()),
                FindAndReplaceOptions.options().upsert());
    }

    /** A live (not deleted) rule; 404 otherwise. */
    public Rule get(String id) {
        Rule rule = mongo.findById(id, Rule.class);
        if (rule == null || rule.getDeletedAt() != null) {
            throw new AggregateNotFoundException("rule", id);
        }
        return rule;
    }

    public Optional<Rule> find(String id) {
        return Optional.ofNullable(mongo.findById(id, Rule.class));
    }

    public List<RuleRevision> revisions(String ruleId) {
        return mongo.find(Query.query(Criteria.where("ruleId").is(ruleId)).with(Sort.by(Sort.Direction.DESC, "revision")),
                RuleRevision.class);
    }

    /** The definition a run follows: the revision it started with. */
    public RuleDefinition definition(String ruleId, int revision) {
        return definitions.computeIfAbsent(RuleRevision.idOf(ruleId, revision), key -> {
            RuleRevision stored = mongo.findById(key, RuleRevision.class);
            String json = stored != null ? stored.definition() : find(ruleId)
                    .filter(rule -> rule.getRevision() == revision).map(Rule::getDefinition)
                    .orElseThrow(() -> new IllegalStateException("revision " + key + " of the rule is gone"));
            return parser.read(JSON.readTree(json));
        });
    }

    public RuleDefinition definition(Rule rule) {
        return definition(rule.getId(), rule.getRevision());
    }

    /** Enabled rules whose trigger lists this event type. */
    public List<Rule> triggeredBy(String eventType) {
        return mongo.find(Query.query(Criteria.where("triggerEvents").is(eventType).and("enabled").is(true)
                .and("deletedAt").isNull()), Rule.class);
    }

    /** Enabled rules with a time trigger ({@code date} or {@code schedule}). */
    public List<Rule> timeTriggered() {
        return mongo.find(Query.query(Criteria.where("triggerKind").in("date", "schedule").and("enabled").is(true)
                .and("deletedAt").isNull()), Rule.class);
    }

    /**
     * Rules newest last (ids are time-ordered), keyset-paged on the id.
     *
     * @param restriction the caller's team restriction, null for none
     */
    public CursorPage<Rule> list(Criteria restriction, String team, Boolean enabled, String event, int limit, String cursor) {
        List<Criteria> filters = new ArrayList<>();
        filters.add(Criteria.where("deletedAt").isNull());
        if (restriction != null) {
            filters.add(restriction);
        }
        if (team != null) {
            filters.add(Criteria.where("team").is(team));
        }
        if (enabled != null) {
            filters.add(Criteria.where("enabled").is(enabled));
        }
        if (event != null) {
            filters.add(Criteria.where("triggerEvents").is(event));
        }
        if (cursor != null) {
            filters.add(Criteria.where("_id").gt(CursorPage.decode(cursor)));
        }
        Query query = Query.query(new Criteria().andOperator(filters)).with(Sort.by("_id")).limit(limit + 1);
        return CursorPage.of(mongo.find(query, Rule.class), limit, Rule::getId);
    }

    public static JsonNode json(String text) {
        return JSON.readTree(text);
    }
}
