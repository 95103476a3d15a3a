package io.pulsecrm.notification.preferences;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.pulsecrm.notification.NotificationsProperties;
import io.pulsecrm.platform.web.InvalidRequestException;
import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

/** Users' notification preferences over the configured defaults. */
@Service
public class Preferences {

    public static final List<String> TYPES = List.of("task_assigned", "task_reminder", "task_overdue",
            "task_overdue_report", "deal_won", "deal_lost");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]{1,255}\\.[^@\\s]{2,}$");

    private final MongoTemplate mongo;
    private final NotificationsProperties properties;
    private final Clock clock;

    Preferences(MongoTemplate mongo, NotificationsProperties properties, Clock clock) {
        this.mongo = mongo;
        this.properties = properties;
        this.clock = clock;
    }

    public EffectivePreferences of(String userId) {
        UserPreferences own = mongo.findById(userId, UserPreferences.class);
        NotificationsProperties.User directory = properties.users().get(userId);
        String email = own != null && own.email() != null ? own.email() : directory == null ? null : directory.email();
        Map<String, List<String>> channels = new LinkedHashMap<>();
        for (String type : TYPES) {
            channels.put(type, properties.channels().getOrDefault(type, List.of(Channel.IN_APP)));
        }
        if (own != null && own.channels() != null) {
            channels.putAll(own.channels());
        }
        return new EffectivePreferences(userId, email, channels, List.of(Channel.IN_APP));
    }

    public EffectivePreferences replace(String userId, PreferencesRequest request) {
        requireUser(userId);
        if (request == null) {
            throw InvalidRequestException.field("body", "is required");
        }
        List<FieldProblem> problems = new ArrayList<>();
        if (request.email() != null && (request.email().length() > 320 || !EMAIL.matcher(request.email()).matches())) {
            problems.add(new FieldProblem("email", "is not an email address"));
        }
        Map<String, List<String>> channels = request.channels() == null ? Map.of() : request.channels();
        channels.forEach((type, list) -> {
            if (!TYPES.contains(type)) {
                problems.add(new FieldProblem("channels", "unknown notification type '" + abbreviate(type)
                        + "'; known: " + TYPES));
            } else if (list == null || list.stream().anyMatch(c -> !Channel.isKnown(c))) {
                problems.add(new FieldProblem("channels." + type, "must list channels among in_app, email"));
            }
        });
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("The request has invalid fields", problems);
        }
        mongo.save(new UserPreferences(userId, request.email() == null ? null : request.email().toLowerCase(java.util.Locale.ROOT),
                Map.copyOf(channels), clock.instant()));
        return of(userId);
    }

    static void requireUser(String userId) {
        if (userId == null || userId.isBlank() || userId.length() > 200) {
            throw InvalidRequestException.field("userId", "is required (at most 200 characters)");
        }
    }

    private static String abbreviate(String value) {
        return value.length() > 50 ? value.substring(0, 50) + "…" : value;
    }
}
