package io.pulsecrm.automation.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.pulsecrm.automation.conditions.Condition;
import io.pulsecrm.automation.conditions.ConditionParser;
import io.pulsecrm.automation.triggers.Changes;
import io.pulsecrm.automation.triggers.EventCatalog;
import io.pulsecrm.automation.triggers.EventFacts;
import io.pulsecrm.automation.triggers.TriggerEvent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/** The pure rule engine: parsing, change detection, conditions and the program of actions. */
class RuleEngineTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);
    private static final EventCatalog CATALOG = new EventCatalog(List.of("pulse.deal.stage_changed.v1",
            "pulse.deal.updated.v1", "pulse.contact.created.v1", "pulse.pipeline.created.v1"));
    private final RuleParser parser = new RuleParser(CATALOG, RulePeople.ANYONE);

    @Test
    void theProgramWalksIntoBranchesAndBackOut() {
        RuleDefinition rule = parser.parse(JSON.readTree("""
                {"name": "n", "trigger": {"type": "event", "events": ["pulse.deal.updated.v1"]},
                 "actions": [{"type": "wait", "duration": "PT1M"},
                             {"type": "branch", "if": {"field": "x", "op": "is_empty"},
                              "then": [{"type": "stop"}, {"type": "branch", "if": {"field": "y", "op": "is_empty"},
                                        "then": [{"type": "wait", "duration": "PT1M"}], "else": []}],
                              "else": [{"type": "update_field", "field": "source", "value": "x"}]},
                             {"type": "wait", "duration": "PT2M"}]}
                """), null, true);
        Program program = rule.program();

        assertThat(program.first()).isEqualTo("0");
        assertThat(program.next("0")).isEqualTo("1");
        assertThat(program.enter("1", true)).isEqualTo("1.then.0");
        assertThat(program.enter("1", false)).isEqualTo("1.else.0");
        assertThat(program.next("1.then.0")).isEqualTo("1.then.1");
        assertThat(program.enter("1.then.1", false)).as("an empty arm goes on after the branch").isEqualTo("2");
        assertThat(program.next("1.then.1.then.0")).isEqualTo("2");
        assertThat(program.next("1.else.0")).isEqualTo("2");
        assertThat(program.next("2")).isNull();
        assertThat(program.at("1.then.1.then.0")).isNotNull();
        assertThat(program.at("7")).isNull();
        assertThat(program.at("0.then.0")).isNull();
    }

    @Test
    void changesComeFromTheEventsOwnChangeData() {
        JsonNode stage = JSON.readTree("""
                {"deal": {"id": "d"}, "previousStage": {"id": "s1", "name": "Qualified", "kind": "open"},
                 "newStage": {"id": "s2", "name": "Proposal", "kind": "open"}}""");
        Changes moved = Changes.of("pulse.deal.stage_changed.v1", stage);
        assertThat(moved.find("stage.name").orElseThrow().to().asString()).isEqualTo("Proposal");
        assertThat(moved.find("status")).as("open to open is no change").isEmpty();

        Changes updated = Changes.of("pulse.deal.updated.v1", JSON.readTree("""
                {"changes": {"customFields": {"from": {"region": "north", "size": 1}, "to": {"region": "south", "size": 1}},
                             "amount": {"from": 100, "to": 100.0}}}"""));
        assertThat(updated.find("customFields.region").orElseThrow().from().asString()).isEqualTo("north");
        assertThat(updated.find("customFields.size")).isEmpty();
        assertThat(updated.find("amount")).as("equal numbers are no change").isEmpty();

        Changes created = Changes.of("pulse.contact.created.v1", JSON.readTree("""
                {"contact": {"id": "c", "lifecycleStage": "lead", "email": null, "address": {"city": "Oslo"}}}"""));
        assertThat(created.find("lifecycleStage").orElseThrow().from().isNull()).isTrue();
        assertThat(created.find("address.city").orElseThrow().to().asString()).isEqualTo("Oslo");
        assertThat(created.find("email")).isEmpty();
    }

    @Test
    void conditionsCompareAsUsersMeanIt() {
        JsonNode data = JSON.readTree("""
                {"deal": {"amount": 5000, "currency": "eur", "tags": ["vip", "emea"], "expectedCloseDate": "2026-11-25",
                          "title": "Big ACME renewal", "source": ""},
                 "changes": {"amount": {"from": 100, "to": 5000}}}""");
        EventFacts facts = new EventFacts(new TriggerEvent("e", "pulse.deal.updated.v1", "/pulse/deals-service", "d",
                Instant.now(), "ada", null, null, data), Changes.of("pulse.deal.updated.v1", data),
                () -> JSON.readTree("{\"lifecycleStage\": \"customer\"}"), Map.of(), CLOCK);

        assertThat(test("{\"field\": \"deal.amount\", \"op\": \"gt\", \"value\": \"4999.5\"}", facts)).isTrue();
        assertThat(test("{\"field\": \"deal.currency\", \"op\": \"equals\", \"value\": \"EUR\"}", facts)).isTrue();
        assertThat(test("{\"field\": \"deal.currency\", \"op\": \"in\", \"value\": [\"USD\", \"EUR\"]}", facts)).isTrue();
        assertThat(test("{\"field\": \"deal.tags\", \"op\": \"contains\", \"value\": \"VIP\"}", facts)).isTrue();
        assertThat(test("{\"field\": \"deal.title\", \"op\": \"contains\", \"value\": \"acme\"}", facts)).isTrue();
        assertThat(test("{\"field\": \"deal.source\", \"op\": \"is_empty\"}", facts)).isTrue();
        assertThat(test("{\"field\": \"deal.missing\", \"op\": \"is_empty\"}", facts)).isTrue();
        assertThat(test("{\"field\": \"deal.expectedCloseDate\", \"op\": \"lte\", \"value\": \"now+P7D\"}", facts)).isTrue();
        assertThat(test("{\"field\": \"deal.expectedCloseDate\", \"op\": \"lt\", \"value\": \"today+P2D\"}", facts)).isFalse();
        assertThat(test("{\"field\": \"amount\", \"op\": \"changed_from\", \"value\": 100}", facts)).isTrue();
        assertThat(test("{\"field\": \"amount\", \"op\": \"changed_to\", \"value\": 100}", facts)).isFalse();
        assertThat(test("{\"field\": \"record.lifecycleStage\", \"op\": \"equals\", \"value\": \"customer\"}", facts)).isTrue();
        assertThat(test("{\"any\": [{\"field\": \"deal.amount\", \"op\": \"lt\", \"value\": 1}, {\"not\": {\"field\": \"deal.currency\", \"op\": \"equals\", \"value\": \"USD\"}}]}", facts)).isTrue();
        assertThat(test("{\"field\": \"deal.title\", \"op\": \"gt\", \"value\": 1}", facts)).as("text is not ordered").isFalse();
    }

    @Test
    void storedDefinitionsReadBackToTheSameRule() {
        RuleDefinition rule = parser.parse(JSON.readTree("""
                {"name": "n", "trigger": {"type": "event", "events": ["pulse.deal.stage_changed.v1"], "field": "stage.id", "to": "s2"},
                 "conditions": {"field": "deal.amount", "op": "gte", "value": 10},
                 "actions": [{"type": "create_task", "title": "t", "dueIn": "PT4H", "assignee": {"type": "round_robin", "team": "east"}},
                             {"type": "wait_until", "condition": {"field": "record.x", "op": "is_not_empty"}, "timeout": "P1D", "onTimeout": "stop"}]}
                """), null, false);
        RuleDefinition read = parser.read(rule.toJson());
        assertThat(read.toJson()).isEqualTo(rule.toJson());
        assertThat(read.trigger().recordTypes()).isEqualTo(Set.of("deal"));
    }

    @Test
    void pipelineEventsAreNotTriggers() {
        assertThatThrownBy(() -> parser.parse(JSON.readTree("""
                {"name": "n", "trigger": {"type": "event", "events": ["pulse.pipeline.created.v1"]}, "actions": [{"type": "stop"}]}"""),
                null, false)).isInstanceOf(InvalidRuleException.class).hasMessageContaining("trigger.events[0]");
    }

    private static boolean test(String condition, EventFacts facts) {
        List<RuleProblem> problems = new ArrayList<>();
        Condition parsed = ConditionParser.parse(JSON.readTree(condition), "c", problems);
        assertThat(problems).isEmpty();
        return parsed.test(facts, new ArrayList<>());
    }

    static JsonNode missing() {
        return MissingNode.getInstance();
    }
}
