package io.pulsecrm.automation.rules;

import java.util.List;

/** A rule definition that cannot be stored or run: answered as 400 problem+json listing every field at fault. */
public class InvalidRuleException extends RuntimeException {

    private final List<RuleProblem> problems;

    public InvalidRuleException(List<RuleProblem> problems) {
        super("The rule is invalid: " + problems);
        this.problems = List.copyOf(problems);
    }

    public List<RuleProblem> problems() {
        return problems;
    }
}
