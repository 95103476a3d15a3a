package io.pulsecrm.tasks.calendar;

import java.time.Clock;
import java.time.Instant;

import io.pulsecrm.platform.aggregate.AggregateNotFoundException;
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
 * {@code POST /api/tasks/calendar-feeds} issues (or rotates) the user's URL; {@code GET} on it returns the feed.
 */
@RestController
@RequestMapping("/api/tasks/calendar-feeds")
class CalendarController {

    static final MediaType TEXT_CALENDAR = new MediaType("text", "calendar", java.nio.charset.StandardCharsets.UTF_8);
    private static final int MAX_EVENTS = 1000;

    private final CalendarFeeds feeds;
    private final TaskQueries queries;
    private final TaskValidator validator;
    private final TasksProperties properties;
    private final Clock clock;

    CalendarController(CalendarFeeds feeds, TaskQueries queries, TaskValidator validator, TasksProperties properties,
                       Clock clock) {
        this.feeds = feeds;
        this.queries = queries;
        this.validator = validator;
        this.properties = properties;
        this.clock = clock;
    }

    record FeedRequest(String userId) {
    }

    record Feed(String userId, String url) {
    }

    /** Issues a new secret URL for the user; any previous URL stops working. Until identity exists the user is a parameter. */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Feed> issue(@RequestBody FeedRequest request) {
        String userId = validator.userId(request.userId(), "userId", true);
        String url = "/api/tasks/calendar-feeds/" + feeds.issue(userId) + ".ics";
        return ResponseEntity.status(HttpStatus.CREATED).cacheControl(CacheControl.noStore()).body(new Feed(userId, url));
    }

    @GetMapping(path = "/{token}.ics", produces = "text/calendar")
    ResponseEntity<String> feed(@PathVariable String token) {
        String userId = feeds.userOf(token).orElseThrow(() -> new AggregateNotFoundException("calendar feed", "(secret)"));
        Instant now = clock.instant();
        var tasks = queries.scheduledSince(userId, now.minus(properties.calendar().past()), MAX_EVENTS).stream()
                .map(Task::snapshot).toList();
        String ics = IcsWriter.write("Pulse tasks", tasks, properties.calendar().defaultDuration(), now);
        return ResponseEntity.ok().contentType(TEXT_CALENDAR).cacheControl(CacheControl.noCache()).body(ics);
    }
}
