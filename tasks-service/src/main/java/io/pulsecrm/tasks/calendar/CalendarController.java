package io.pulsecrm.tasks.calendar;

import java.time.Clock;
import java.time.Instant;

import io.pulsecrm.platform.aggregate.AggregateNotFoundException;
import io.pulsecrm.platform.identity.Caller;
import io.pulsecrm.platform.identity.Role;
import io.pulsecrm.platform.security.CurrentCaller;
import io.pulsecrm.platform.security.ForbiddenException;
import io.pulsecrm.platform.security.Visibility;
import io.pulsecrm.platform.web.InvalidRequestException;
import io.pulsecrm.tasks.tasks.Task;
import io.pulsecrm.tasks.tasks.TaskQueries;
import io.pulsecrm.tasks.tasks.TaskValidator;
import io.pulsecrm.tasks.tasks.TasksProperties;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * iCalendar feed of a user's tasks at a secret URL, for Google Calendar, Outlook or Apple Calendar to subscribe to
 * (they cannot send a bearer token, so the unguessable URL is the credential).
 * {@code POST /api/tasks/calendar-feeds} issues (or rotates) the caller's URL (admins may issue anyone's);
 * {@code GET} on it returns the feed, without a bearer token (a public path). A user who left the directory has
 * no feed any more.
 */
@RestController
@RequestMapping("/api/tasks/calendar-feeds")
class CalendarController {

    static final MediaType TEXT_CALENDAR = new MediaType("text", "calendar", java.nio.charset.StandardCharsets.UTF_8);
    private static final int MAX_EVENTS = 1000;

    private final CalendarFeeds feeds;
    private final TaskQueries queries;
    private final TaskValidator validator;
    private final Visibility visibility;
    private final TasksProperties properties;
    private final Clock clock;

    CalendarController(CalendarFeeds feeds, TaskQueries queries, TaskValidator validator, Visibility visibility,
                       TasksProperties properties, Clock clock) {
        this.feeds = feeds;
        this.queries = queries;
        this.validator = validator;
        this.visibility = visibility;
        this.properties = properties;
        this.clock = clock;
    }

    record FeedRequest(String userId) {
    }

    record Feed(String userId, String url) {
    }

    /**
     * Issues a new secret URL for the caller (or, for admins, the user named); any previous URL stops working.
     * Partner applications have no calendar of their own and may not obtain a member's.
     */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Feed> issue(@RequestBody(required = false) FeedRequest request) {
        String requested = validator.userId(request == null ? null : request.userId(), "userId", false);
        Caller caller = CurrentCaller.get();
        if (!caller.isUser()) {
            throw new ForbiddenException("Calendar feeds are personal: members issue their own");
        }
        String userId = requested == null ? caller.id() : requested;
        if (!userId.equals(caller.id())) {
            if (!caller.is(Role.ADMIN)) {
                throw new ForbiddenException("Only admins issue a calendar feed for someone else");
            }
            if (!visibility.directory().isKnown(userId)) {
                throw InvalidRequestException.field("userId", "unknown user " + userId);
            }
        }
        String url = "/api/tasks/calendar-feeds/" + feeds.issue(userId) + ".ics";
        return ResponseEntity.status(HttpStatus.CREATED).cacheControl(CacheControl.noStore()).body(new Feed(userId, url));
    }

    @GetMapping(path = "/{token}.ics", produces = "text/calendar")
    ResponseEntity<String> feed(@PathVariable String token) {
        String userId = feeds.userOf(token).filter(visibility.directory()::isKnown)
                .orElseThrow(() -> new AggregateNotFoundException("calendar feed", "(secret)"));
        Instant now = clock.instant();
        var tasks = queries.scheduledSince(userId, now.minus(properties.calendar().past()), MAX_EVENTS).stream()
                .map(Task::snapshot).toList();
        String ics = IcsWriter.write("Pulse tasks", tasks, properties.calendar().defaultDuration(), now);
        return ResponseEntity.ok().contentType(TEXT_CALENDAR).cacheControl(CacheControl.noCache()).body(ics);
    }
}
