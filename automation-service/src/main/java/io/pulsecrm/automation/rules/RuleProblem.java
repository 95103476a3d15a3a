package io.pulsecrm.automation.rules;

/** One thing wrong with a rule definition: the JSON path of the field at fault and why. */
public record RuleProblem(String field, String message) {
}
