package io.pulsecrm.notification.preferences;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.pulsecrm.notification.NotificationsProperties;
import io.pulsecrm.platform.identity.Member;
import io.pulsecrm.platform.identity.UserDirectory;
import io.pulsecrm.platform.security.Visibility;
import io.pulsecrm.platform.web.InvalidRequestException;
import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

/** Users' notification preferences over the configured defaults. */
@Service
public class Preferences {

    public static final List<String> TYPES = List.of("task_assigned", "task_reminder", "task_overdue",
            "task_overdue_report", "deal_won", "deal_lost", "team_deal_won", "team_deal_lost", "automation");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]{1,255}\\.[^@\\s]{2,}$");

    private final MongoTemplate mongo;
    private final NotificationsProperties properties;
    private final Clock clock;
    private final UserDirectory directory;

    Preferences(MongoTemplate mongo, NotificationsProperties properties, Clock clock, Visibility visibility) {
        this.mongo = mongo;
        this.properties = properties;
        this.clock = clock;
        this.directory = visibility.directory();
    }

    /** The user's own settings over the defaults; their address is their own, else the users directory's. */
    public EffectivePreferences of(String userId) {
        UserPreferences own = mongo.findById(userId, UserPreferences.class);
        String email = own != null && own.email() != null ? own.email()
                : directory.find(userId).map(Member::email).filter(address -> !address.isBlank()).orElse(null);
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

    private static String abbreviate(String value) {
        return value.length() > 50 ? value.substring(0, 50) + "…" : value;
    }
}
