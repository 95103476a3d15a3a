package io.pulsecrm.automation.actions;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.pulsecrm.automation.conditions.Facts;
import io.pulsecrm.automation.conditions.FieldPath;
import io.pulsecrm.automation.conditions.Values;
import io.pulsecrm.automation.rules.RuleProblem;

/**
 * Text with merge fields, {@code "Follow up {{deal.title}} ({{deal.amount}} {{deal.currency}})"}: the same paths
 * as conditions ({@code record.*}, {@code event.*}, {@code owner.name}, event data). Absent fields render empty.
 */
public record Template(String text) {

    private static final Pattern FIELD = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");

    public static Template parse(String text, String path, int maxLength, boolean multiline, List<RuleProblem> problems) {
        if (text.length() > maxLength) {
            problems.add(new RuleProblem(path, "must be at most " + maxLength + " characters"));
            return null;
        }
        if (text.chars().anyMatch(c -> Character.isISOControl(c) && !(multiline && (c == '\n' || c == '\r' || c == '\t')))) {
            problems.add(new RuleProblem(path, "must not contain control characters"));
            return null;
        }
        Matcher matcher = FIELD.matcher(text);
        while (matcher.find()) {
            if (!FieldPath.isValid(matcher.group(1))) {
                problems.add(new RuleProblem(path, "merge field '{{" + matcher.group(1) + "}}' is not a field path"));
                return null;
            }
        }
        return new Template(text);
    }

    public String render(Facts facts) {
        Matcher matcher = FIELD.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = Values.text(facts.value(FieldPath.parse(matcher.group(1))));
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** Whether rendering reads the current record. */
    public boolean readsRecord() {
        Matcher matcher = FIELD.matcher(text);
        List<String> roots = new ArrayList<>();
        while (matcher.find()) {
            roots.add(FieldPath.parse(matcher.group(1)).root());
        }
        return roots.contains("record");
    }
}
