package io.pulsecrm.notification.inbox;

import java.util.Map;

import io.pulsecrm.platform.web.CursorPage;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The in-app inbox. Until identity exists (issue 3) the user is given as {@code userId}; then it will come from
 * the caller's token.
 */
@RestController
@RequestMapping("/api/notifications")
class NotificationController {

    private final Inbox inbox;

    NotificationController(Inbox inbox) {
        this.inbox = inbox;
    }

    @GetMapping
    CursorPage<NotificationResponse> list(@RequestParam(required = false) String userId,
                                          @RequestParam(required = false) String state,
                                          @RequestParam(defaultValue = "false") boolean archived,
                                          @RequestParam(defaultValue = "50") int limit,
                                          @RequestParam(required = false) String cursor) {
        CursorPage<Notification> page = inbox.list(userId, state, archived, limit, cursor);
        return new CursorPage<>(page.items().stream().map(NotificationResponse::of).toList(), page.nextCursor());
    }

    @GetMapping("/unread-count")
    Map<String, Object> unreadCount(@RequestParam(required = false) String userId) {
        return Map.of("userId", userId == null ? "" : userId, "unread", inbox.unreadCount(userId));
    }

    @GetMapping("/{id}")
    NotificationResponse get(@PathVariable String id) {
        return NotificationResponse.of(inbox.get(id));
    }

    @PostMapping("/{id}/read")
    NotificationResponse read(@PathVariable String id) {
        return NotificationResponse.of(inbox.markRead(id));
    }

    @PostMapping("/{id}/unread")
    NotificationResponse unread(@PathVariable String id) {
        return NotificationResponse.of(inbox.markUnread(id));
    }

    @PostMapping("/{id}/archive")
    NotificationResponse archive(@PathVariable String id) {
        return NotificationResponse.of(inbox.archive(id));
    }

    @PostMapping("/read-all")
    Map<String, Object> readAll(@RequestParam(required = false) String userId) {
        return Map.of("userId", userId == null ? "" : userId, "updated", inbox.markAllRead(userId));
    }
}
