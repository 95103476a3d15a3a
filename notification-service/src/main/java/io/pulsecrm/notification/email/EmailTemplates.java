package io.pulsecrm.notification.email;

import java.util.Map;
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
 * an unknown field renders empty.
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

    /** @return subject and body */
    public String[] render(NotificationDraft draft) {
        NotificationsProperties.Template template = properties.templates().getOrDefault(draft.type(),
                properties.templates().getOrDefault("default", FALLBACK));
        String subject = merge(template.subject() == null ? FALLBACK.subject() : template.subject(), draft);
        String body = merge(template.body() == null ? FALLBACK.body() : template.body(), draft);
        return new String[] {subject.replaceAll("[\\r\\n]+", " ").strip(), body};
    }

    private String merge(String template, NotificationDraft draft) {
        Matcher matcher = FIELD.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(value(matcher.group(1), draft)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private String value(String field, NotificationDraft draft) {
        Map<String, Object> data = draft.data() == null ? Map.of() : draft.data();
        Object value = switch (field) {
            case "title" -> draft.title();
            case "body" -> draft.body();
            case "type" -> draft.type();
            case "userId" -> draft.userId();
            case "userName" -> directory.find(draft.userId()).map(Member::name).filter(name -> !name.isBlank())
                    .orElse(draft.userId());
            case "subjectType" -> draft.subjectType();
            case "subjectId" -> draft.subjectId();
            case "link" -> properties.appUrl() + "/" + draft.subjectType() + "s/" + draft.subjectId();
            default -> field.startsWith("data.") ? data.get(field.substring(5)) : null;
        };
        return value == null ? "" : value.toString();
    }
}
