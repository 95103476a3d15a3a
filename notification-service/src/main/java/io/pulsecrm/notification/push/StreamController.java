package io.pulsecrm.notification.push;

import io.pulsecrm.platform.web.InvalidRequestException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/notifications/stream?userId=...}: the user's new notifications as Server-Sent Events
 * ({@code event: notification}, {@code id:} the notification id, {@code data:} the notification JSON). A client
 * reconnecting sends {@code Last-Event-ID} (or {@code lastEventId=}) and first gets what it missed.
 */
@RestController
class StreamController {

    private final PushHub hub;

    StreamController(PushHub hub) {
        this.hub = hub;
    }

    @GetMapping(path = "/api/notifications/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@RequestParam(required = false) String userId,
                      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventIdHeader,
                      @RequestParam(required = false) String lastEventId) {
        if (userId == null || userId.isBlank() || userId.length() > 200) {
            throw InvalidRequestException.field("userId", "is required (at most 200 characters)");
        }
        return hub.open(userId, lastEventIdHeader != null ? lastEventIdHeader : lastEventId);
    }
}
