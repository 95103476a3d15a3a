package io.pulsecrm.deals.documents;

import java.util.ArrayList;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.pulsecrm.platform.web.InvalidRequestException;
import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;

/**
 * What an admin writes in a template: {@code kind} (quote, contract, invoice or any lower-case name), {@code name},
 * {@code locale} (a BCP 47 tag such as {@code en}, {@code ru}, {@code ka}: how amounts and dates are written),
 * {@code body} (HTML with merge fields) and {@code css}.
 */
public record TemplateContent(String kind, String name, String locale, String body, String css) {

    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9_-]{0,39}");

    /** Trims and checks every field, reporting all problems at once; the merge fields are checked by {@link TemplateEngine}. */
    public TemplateContent normalized(DocumentsProperties limits) {
        List<FieldProblem> problems = new ArrayList<>();
        String cleanKind = kind == null ? null : kind.strip().toLowerCase(Locale.ROOT);
        if (cleanKind == null || cleanKind.isEmpty()) {
            problems.add(new FieldProblem("kind", "is required: quote, contract, invoice or another lower-case name"));
        } else if (!KIND.matcher(cleanKind).matches()) {
            problems.add(new FieldProblem("kind", "must be a lower-case name of letters, digits, '-' or '_' (at most 40), such as quote"));
        }
        String cleanName = name == null ? null : name.strip();
        if (cleanName == null || cleanName.isEmpty()) {
            problems.add(new FieldProblem("name", "is required"));
        } else if (cleanName.length() > 200) {
            problems.add(new FieldProblem("name", "must be at most 200 characters"));
        }
        String cleanLocale = locale == null || locale.isBlank() ? "en" : locale.strip();
        try {
            Locale parsed = new Locale.Builder().setLanguageTag(cleanLocale).build();
            if (parsed.getLanguage().isEmpty()) {
                problems.add(new FieldProblem("locale", "must name a language, such as en, ru or ka"));
            }
            cleanLocale = parsed.toLanguageTag();
        } catch (IllformedLocaleException e) {
            problems.add(new FieldProblem("locale", "is not a language tag (such as en, ru, ka or de-CH)"));
        }
        if (body == null || body.isBlank()) {
            problems.add(new FieldProblem("body", "is required: the document's HTML"));
        } else if (body.length() > limits.maxTemplateChars()) {
            problems.add(new FieldProblem("body", "must be at most " + limits.maxTemplateChars() + " characters"));
        }
        String cleanCss = css == null ? "" : css;
        if (cleanCss.length() > limits.maxCssChars()) {
            problems.add(new FieldProblem("css", "must be at most " + limits.maxCssChars() + " characters"));
        } else if (cleanCss.contains("<")) {
            // the stylesheet goes inside <style>: markup there would end it early
            problems.add(new FieldProblem("css", "must not contain '<' (it is a stylesheet, not HTML)"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("The template has invalid fields", problems);
        }
        return new TemplateContent(cleanKind, cleanName, cleanLocale, body, cleanCss);
    }

    public Locale javaLocale() {
        return Locale.forLanguageTag(locale);
    }
}
