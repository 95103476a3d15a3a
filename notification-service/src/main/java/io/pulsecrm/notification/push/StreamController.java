package io.pulsecrm.notification.push;

import io.pulsecrm.notification.inbox.InboxAccess;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/notifications/stream}: the caller's new notifications as Server-Sent Events
 * ({@code event: notification}, {@code id:} the notification id, {@code data:} the notification JSON); admins and
 * partner applications name another user with {@code userId} ({@link InboxAccess}). A client reconnecting sends
 * {@code Last-Event-ID} (or {@code lastEventId=}) and first gets what it missed. The access token comes as the
 * {@code Authorization} header or, for EventSource clients that cannot set one, as {@code access_token=}
 * ({@link StreamTokenResolver}).
 */
@RestController
class StreamController {

    static final String PATH = "/api/notifications/stream";

    private final PushHub hub;
    private final InboxAccess access;

    StreamController(PushHub hub, InboxAccess access) {
        this.hub = hub;
        this.access = access;
    }

    @GetMapping(path = PATH, produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@RequestParam(required = false) String userId,
                      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventIdHeader,
                      @RequestParam(required = false) String lastEventId) {
        return hub.open(access.recipient(userId), lastEventIdHeader != null ? lastEventIdHeader : lastEventId);
    }
}
