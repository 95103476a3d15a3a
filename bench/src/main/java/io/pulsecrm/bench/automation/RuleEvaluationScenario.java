package io.pulsecrm.bench.automation;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;

import io.pulsecrm.automation.rules.RuleDefinition;
import io.pulsecrm.automation.rules.RuleParser;
import io.pulsecrm.automation.rules.RulePeople;
import io.pulsecrm.automation.triggers.Changes;
import io.pulsecrm.automation.triggers.EventCatalog;
import io.pulsecrm.automation.triggers.EventFacts;
import io.pulsecrm.automation.triggers.TriggerEvent;
import io.pulsecrm.bench.scenario.BenchTargets;
import io.pulsecrm.bench.scenario.Scenario;
import io.pulsecrm.bench.scenario.ScenarioDefinition;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * automation-service's rule engine in process, without the platform: one operation takes a deal stage change and
 * evaluates every rule triggered by its type, as the trigger listener does for each event: the event's changes
 * are read, then each rule's trigger filter ("stage changed to X") and its condition tree (amount, currency,
 * owner, title, close date relative to now). {@value #RULES} rules, a tenth of them with a matching stage per
 * event on average. Needs nothing running.
 */
public final class RuleEvaluationScenario implements Scenario {

    public static final String NAME = "automation-rule-eval";
    static final int RULES = 100;
    private static final int EVENTS = 1000;
    public static final ScenarioDefinition DEFINITION = ScenarioDefinition.baseline(NAME,
            "one deal stage change evaluated in process against " + RULES + " automation rules (trigger filter + conditions)",
            RuleEvaluationScenario::new).countingWork("rule evaluations", RULES);

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TYPE = "pulse.deal.stage_changed.v1";
    private static final String[] OWNERS = {"ada", "bob", "cleo", "dan", "eve"};
    private static final String[] CURRENCIES = {"EUR", "USD", "GBP", "CHF"};

    private final List<RuleDefinition> rules = new ArrayList<>();
    private final List<TriggerEvent> events = new ArrayList<>();
    private final JsonNode record = JSON.readTree("{\"lifecycleStage\": \"customer\", \"source\": \"web\"}");
    private final Clock clock = Clock.systemUTC();
    private final LongAdder matches = new LongAdder();

    private RuleEvaluationScenario(BenchTargets targets) {
        // in process: no target
    }

    @Override
    public void setUp() {
        RuleParser parser = new RuleParser(new EventCatalog(List.of(TYPE, "pulse.deal.updated.v1")), RulePeople.ANYONE);
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < RULES; i++) {
            String rule = """
                    {"name": "rule %d",
                     "trigger": {"type": "event", "events": ["%s"], "field": "stage.id", "to": "stage-%d"},
                     "conditions": {"all": [
                        {"field": "deal.amount", "op": "gte", "value": %d},
                        {"field": "deal.currency", "op": "in", "value": ["%s", "%s"]},
                        {"any": [{"field": "deal.ownerId", "op": "equals", "value": "%s"},
                                 {"field": "deal.title", "op": "contains", "value": "renewal"},
                                 {"field": "deal.expectedCloseDate", "op": "lte", "value": "now+P30D"}]},
                        {"not": {"field": "deal.lostReason", "op": "is_not_empty"}}]},
                     "actions": [{"type": "create_task", "title": "Follow up {{deal.title}}", "dueIn": "P2D"},
                                 {"type": "notify", "recipients": [{"type": "manager"}], "title": "{{deal.title}} moved"}]}
                    """.formatted(i, TYPE, i % 10, random.nextInt(0, 50_000), CURRENCIES[i % 4], CURRENCIES[(i + 1) % 4],
                    OWNERS[i % OWNERS.length]);
            rules.add(parser.parse(JSON.readTree(rule), null, false));
        }
        for (int i = 0; i < EVENTS; i++) {
            ObjectNode deal = JSON.createObjectNode();
            deal.put("id", "deal-" + i);
            deal.put("title", (i % 3 == 0 ? "ACME renewal " : "New business ") + i);
            deal.put("amount", random.nextInt(0, 100_000));
            deal.put("currency", CURRENCIES[random.nextInt(CURRENCIES.length)]);
            deal.put("ownerId", OWNERS[random.nextInt(OWNERS.length)]);
            deal.put("expectedCloseDate", LocalDate.now().plusDays(random.nextInt(0, 90)).toString());
            deal.putNull("lostReason");
            int from = random.nextInt(10);
            int to = random.nextInt(10);
            deal.putObject("stage").put("id", "stage-" + to).put("name", "Stage " + to).put("kind", "open");
            JsonNode data = JSON.valueToTree(Map.of("deal", deal,
                    "previousStage", Map.of("id", "stage-" + from, "name", "Stage " + from, "kind", "open"),
                    "newStage", Map.of("id", "stage-" + to, "name", "Stage " + to, "kind", "open"),
                    "secondsInPreviousStage", 60, "reason", "moved"));
            events.add(new TriggerEvent("event-" + i, TYPE, "/pulse/deals-service", "deal-" + i, Instant.now(), "ada",
                    null, null, data));
        }
    }

    @Override
    public void execute(long sequence) {
        TriggerEvent event = events.get((int) (sequence % events.size()));
        EventFacts facts = new EventFacts(event, Changes.of(event.type(), event.data()), () -> record, Map.of(), clock);
        int matched = 0;
        for (RuleDefinition rule : rules) {
            if (rule.trigger().matches(event, facts.changes())
                    && (rule.conditions() == null || rule.conditions().test(facts, null))) {
                matched++;
            }
        }
        matches.add(matched);
    }

    /** Rules that matched so far (all of trigger and conditions), so the work cannot be optimised away. */
    long matchesSoFar() {
        return matches.sum();
    }

    @Override
    public void close() {
        // nothing held
    }
}
