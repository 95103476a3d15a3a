package io.pulsecrm.deals.documents;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import io.pulsecrm.platform.web.InvalidRequestException;
import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import org.springframework.stereotype.Component;

/**
 * Mustache (JMustache, logic-less) with HTML escaping. A template is checked when saved: broken syntax and merge
 * fields that do not exist are a 400 on {@code body} naming the line, so a document never renders with a silently
 * empty field because of a typo. Missing values in the data (a deal without a company) render as empty text.
 */
@Component
public class TemplateEngine {

    /** Every tag: its sigil (# ^ / & { ! > = or none) and its name. Runs only on templates JMustache compiled. */
    private static final Pattern TAG = Pattern.compile("\\{\\{(\\{)?\\s*([#^/&!>=]?)\\s*(.*?)\\s*}?}}", Pattern.DOTALL);

    private final Mustache.Compiler compiler = Mustache.compiler()
            .escapeHTML(true)
            .defaultValue("")
            .withLoader(name -> {
                throw new MustacheException("partials ({{> " + name + "}}) are not supported");
            });

    /** Compiles and checks a template body; problems name the line. */
    public Template compile(String body) {
        Template template;
        try {
            template = compiler.compile(body);
        } catch (MustacheException e) {
            throw InvalidRequestException.field("body", "template syntax: " + e.getMessage());
        }
        List<FieldProblem> problems = checkFields(body);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("The template uses merge fields that do not exist", problems);
        }
        return template;
    }

    public String render(String body, Map<String, Object> data) {
        try {
            return compile(body).execute(data);
        } catch (MustacheException e) {
            throw InvalidRequestException.field("body", "the template could not be filled in: " + e.getMessage());
        }
    }

    private static List<FieldProblem> checkFields(String body) {
        List<FieldProblem> problems = new ArrayList<>();
        List<String> open = new ArrayList<>();
        Matcher tag = TAG.matcher(body);
        while (tag.find() && problems.size() < 20) {
            boolean triple = tag.group(1) != null;
            String sigil = tag.group(2);
            String name = tag.group(3);
            int line = lineOf(body, tag.start());
            switch (sigil) {
                case "!" -> {
                    // a comment
                }
                case "=" -> problems.add(new FieldProblem("body", "line " + line + ": changing the delimiters ({{=...=}}) is not supported"));
                case ">" -> problems.add(new FieldProblem("body", "line " + line + ": partials ({{> " + name + "}}) are not supported"));
                case "/" -> {
                    if (!open.isEmpty()) {
                        open.removeLast();
                    }
                }
                case "#", "^" -> {
                    requireKnown(name, open, line, problems);
                    open.add(name);
                }
                default -> {
                    if (triple || "&".equals(sigil)) {
                        // values are people's text: always escaped, so a deal title cannot inject markup
                        problems.add(new FieldProblem("body", "line " + line + ": unescaped output of '" + name
                                + "' is not allowed; write {{" + name + "}}"));
                    } else {
                        requireKnown(name, open, line, problems);
                    }
                }
            }
        }
        return problems;
    }

    private static void requireKnown(String name, List<String> open, int line, List<FieldProblem> problems) {
        if (!MergeFields.known(name, open)) {
            String hint = open.contains(MergeFields.LINE_ITEMS) ? " (inside lineItems: " + MergeFields.itemFieldNames() + ")"
                    : "";
            problems.add(new FieldProblem("body", "line " + line + ": unknown merge field '" + name + "'" + hint));
        }
    }

    private static int lineOf(String text, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
