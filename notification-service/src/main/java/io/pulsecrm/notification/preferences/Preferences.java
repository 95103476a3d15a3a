package io.pulsecrm.notification.preferences;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.pulsecrm.notification.NotificationsProperties;
import io.pulsecrm.platform.identity.Member;
import io.pulsecrm.platform.identity.UserDirectory;
import io.pulsecrm.platform.security.Visibility;
import io.pulsecrm.platform.web.InvalidRequestException;
import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/** Users' notification preferences over the configured defaults. */
@Service
public class Preferences {

    public static final List<String> TYPES = List.of("task_assigned", "task_reminder", "task_overdue",
            "task_overdue_report", "deal_won", "deal_lost", "team_deal_won", "team_deal_lost", "automation");
    /** The unsubscribe scope of a digest email: every type the user has in their digest. */
    public static final String DIGEST_SCOPE = "digest";
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]{1,255}\\.[^@\\s]{2,}$");
    private static final int MAX_ZONE = 64;

    private final MongoTemplate mongo;
    private final NotificationsProperties properties;
    private final Clock clock;
    private final UserDirectory directory;
    private final Bounces bounces;
    private final ApplicationEventPublisher events;

    Preferences(MongoTemplate mongo, NotificationsProperties properties, Clock clock, Visibility visibility,
                Bounces bounces, ApplicationEventPublisher events) {
        this.mongo = mongo;
        this.properties = properties;
        this.clock = clock;
        this.directory = visibility.directory();
        this.bounces = bounces;
        this.events = events;
    }

    /** The user's own settings over the defaults; their address is their own, else the users directory's. */
    public EffectivePreferences of(String userId) {
        UserPreferences own = mongo.findById(userId, UserPreferences.class);
        String email = own != null && own.email() != null ? own.email()
                : directory.find(userId).map(Member::email).filter(address -> !address.isBlank()).orElse(null);
        Map<String, List<String>> channels = new LinkedHashMap<>();
        for (String type : TYPES) {
            channels.put(type, defaultChannels(type));
        }
        if (own != null && own.channels() != null) {
            channels.putAll(own.channels());
        }
        String zone = own != null && own.timeZone() != null ? own.timeZone() : properties.email().defaultTimeZone();
        AddressBounce bounce = bounces.of(email).orElse(null);
        String status = email == null ? EffectivePreferences.NO_ADDRESS
                : bounce != null ? EffectivePreferences.BOUNCING : EffectivePreferences.OK;
        return new EffectivePreferences(userId, email, channels, List.of(Channel.IN_APP), zone,
                own == null ? null : own.quietHours(), own == null ? null : own.digest(), status, bounce);
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
        String zone = timeZone(request.timeZone(), problems);
        QuietHours quietHours = quietHours(request.quietHours(), problems);
        DailyDigest digest = digest(request.digest(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("The request has invalid fields", problems);
        }
        mongo.save(new UserPreferences(userId, request.email() == null ? null : request.email().toLowerCase(Locale.ROOT),
                Map.copyOf(channels), zone, quietHours, digest, clock.instant()));
        events.publishEvent(new PreferencesChanged(userId));
        return of(userId);
    }

    /**
     * Turns email off for one notification type of the user (an unsubscribe link), or with {@link #DIGEST_SCOPE} for
     * every type in their digest (and ends the digest). Other channels and settings stay as they are.
     *
     * @return the types whose email was turned off
     */
    public List<String> turnOffEmail(String userId, String scope) {
        EffectivePreferences current = of(userId);
        List<String> types = DIGEST_SCOPE.equals(scope)
                ? (current.digest() == null ? List.of() : current.digest().types())
                : List.of(scope);
        Update update = new Update().set("updatedAt", clock.instant());
        for (String type : types) {
            if (!TYPES.contains(type)) {
                throw new IllegalArgumentException("Unknown notification type " + type);
            }
            List<String> remaining = new ArrayList<>(current.channelsFor(type));
            remaining.remove(Channel.EMAIL);
            update.set("channels." + type, List.copyOf(remaining));
        }
        if (DIGEST_SCOPE.equals(scope)) {
            update.unset("digest");
        }
        mongo.findAndModify(Query.query(Criteria.where("_id").is(userId)), update,
                FindAndModifyOptions.options().upsert(true).returnNew(true), UserPreferences.class);
        events.publishEvent(new PreferencesChanged(userId));
        return types;
    }

    /** Clears the bounce of the user's current address (they fixed their mailbox); @return whether there was one */
    public boolean clearBounce(String userId) {
        boolean cleared = bounces.clear(of(userId).email());
        if (cleared) {
            events.publishEvent(new PreferencesChanged(userId));
        }
        return cleared;
    }

    private List<String> defaultChannels(String type) {
        return properties.channels().getOrDefault(type, List.of(Channel.IN_APP));
    }

    private static String timeZone(String value, List<FieldProblem> problems) {
        if (value == null) {
            return null;
        }
        try {
            if (value.length() <= MAX_ZONE) {
                return ZoneId.of(value.strip()).getId();
            }
        } catch (DateTimeException e) {
            // reported below
        }
        problems.add(new FieldProblem("timeZone", "is not a time zone id such as Europe/Berlin or UTC"));
        return null;
    }

    private static QuietHours quietHours(PreferencesRequest.Window window, List<FieldProblem> problems) {
        if (window == null) {
            return null;
        }
        String start = localTime("quietHours.start", window.start(), problems);
        String end = localTime("quietHours.end", window.end(), problems);
        if (start == null || end == null) {
            return null;
        }
        if (start.equals(end)) {
            problems.add(new FieldProblem("quietHours", "must not start and end at the same time"));
            return null;
        }
        return new QuietHours(start, end);
    }

    private static DailyDigest digest(PreferencesRequest.Digest digest, List<FieldProblem> problems) {
        if (digest == null) {
            return null;
        }
        String time = localTime("digest.time", digest.time(), problems);
        List<String> types = digest.types() == null ? List.of() : digest.types();
        if (types.isEmpty()) {
            problems.add(new FieldProblem("digest.types", "must name at least one notification type"));
        }
        for (String type : types) {
            if (type == null || !TYPES.contains(type)) {
                problems.add(new FieldProblem("digest.types", "unknown notification type '"
                        + abbreviate(String.valueOf(type)) + "'; known: " + TYPES));
            }
        }
        return time == null || problems.stream().anyMatch(p -> p.field().startsWith("digest"))
                ? null : new DailyDigest(time, List.copyOf(new LinkedHashSet<>(types)));
    }

    /** A local time of day, {@code HH:mm} or {@code HH:mm:ss}, normalised ({@code 07:00}, {@code 07:00:30}). */
    private static String localTime(String field, String value, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            problems.add(new FieldProblem(field, "is required (HH:mm)"));
            return null;
        }
        try {
            if (value.length() <= 8) {
                return LocalTime.parse(value.strip()).truncatedTo(ChronoUnit.SECONDS).toString();
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        problems.add(new FieldProblem(field, "must be a time of day HH:mm"));
        return null;
    }

    private static String abbreviate(String value) {
        return value.length() > 50 ? value.substring(0, 50) + "…" : value;
    }
}
