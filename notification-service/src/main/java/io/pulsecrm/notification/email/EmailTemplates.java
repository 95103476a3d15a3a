package io.pulsecrm.notification.email;

import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.pulsecrm.notification.NotificationsProperties;
import io.pulsecrm.notification.inbox.NotificationDraft;
import io.pulsecrm.platform.identity.Member;
import io.pulsecrm.platform.identity.UserDirectory;
import io.pulsecrm.platform.security.Visibility;
import org.springframework.stereotype.Component;

/**
 * Renders a notification into an email with the configured template of its type ({@code default} otherwise).
 * Merge fields: {@code {{title}} {{body}} {{type}} {{userId}} {{userName}} {{subjectType}} {{subjectId}} {{link}}
 * {{data.<key>}}}; {@code userName} is the recipient's name in the users directory (their id if it has none);
 * an unknown field renders empty. Every body ends with the footer and its unsubscribe link.
 */
@Component
public class EmailTemplates {

    private static final Pattern FIELD = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.]+)\\s*}}");
    static final NotificationsProperties.Template FALLBACK = new NotificationsProperties.Template("{{title}}",
            "{{title}}\n\n{{body}}\n\nOpen in Pulse CRM: {{link}}\n");

    private final NotificationsProperties.Email properties;
    private final UserDirectory directory;

    EmailTemplates(NotificationsProperties properties, Visibility visibility) {
        this.properties = properties.email();
        this.directory = visibility.directory();
    }

    /** @return subject and body (without the footer) */
    public String[] render(NotificationDraft draft) {
        NotificationsProperties.Template template = properties.templates().getOrDefault(draft.type(),
                properties.templates().getOrDefault("default", FALLBACK));
        String subject = merge(template.subject() == null ? FALLBACK.subject() : template.subject(), f -> value(f, draft));
        String body = merge(template.body() == null ? FALLBACK.body() : template.body(), f -> value(f, draft));
        return new String[] {oneLine(subject), body};
    }

    /** The footer every email ends with; it always carries the unsubscribe link. */
    String footer(String unsubscribeUrl) {
        String preferences = properties.appUrl().replaceAll("/+$", "") + "/settings/notifications";
        String template = properties.footer() == null ? "" : properties.footer();
        String footer = merge(template, field -> switch (field) {
            case "unsubscribeLink" -> unsubscribeUrl;
            case "preferencesLink" -> preferences;
            default -> "";
        });
        return footer.contains(unsubscribeUrl) ? footer : footer + "\nUnsubscribe: " + unsubscribeUrl + "\n";
    }

    /** Where the notification's subject opens in the web app. */
    String link(NotificationDraft draft) {
        return draft.subjectType() == null || draft.subjectId() == null ? properties.appUrl()
                : properties.appUrl() + "/" + draft.subjectType() + "s/" + draft.subjectId();
    }

    String userName(String userId) {
        return directory.find(userId).map(Member::name).filter(name -> !name.isBlank()).orElse(userId);
    }

    /** Replaces every {@code {{field}}} with what {@code values} gives for it (null: empty). */
    static String merge(String template, Function<String, String> values) {
        Matcher matcher = FIELD.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.apply(matcher.group(1));
            matcher.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    static String oneLine(String subject) {
        return subject.replaceAll("[\\r\\n]+", " ").strip();
    }

    private String value(String field, NotificationDraft draft) {
        Map<String, Object> data = draft.data() == null ? Map.of() : draft.data();
        Object value = switch (field) {
            case "title" -> draft.title();
            case "body" -> draft.body();
            case "type" -> draft.type();
            case "userId" -> draft.userId();
            case "userName" -> userName(draft.userId());
            case "subjectType" -> draft.subjectType();
            case "subjectId" -> draft.subjectId();
            case "link" -> link(draft);
            default -> field.startsWith("data.") ? data.get(field.substring(5)) : null;
        };
        return value == null ? "" : value.toString();
    }
}
