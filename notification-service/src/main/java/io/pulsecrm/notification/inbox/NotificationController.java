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
 * The in-app inbox of the caller (the token's user). Admins and partner applications name another user with
 * {@code userId}; notifications asked for by id are found only among the caller's own (see {@link InboxAccess}).
 */
@RestController
@RequestMapping("/api/notifications")
class NotificationController {

    private final Inbox inbox;
    private final InboxAccess access;

    NotificationController(Inbox inbox, InboxAccess access) {
        this.inbox = inbox;
        this.access = access;
    }

    @GetMapping
    CursorPage<NotificationResponse> list(@RequestParam(required = false) String userId,
                                          @RequestParam(required = false) String state,
                                          @RequestParam(defaultValue = "false") boolean archived,
                                          @RequestParam(defaultValue = "50") int limit,
                                          @RequestParam(required = false) String cursor) {
        CursorPage<Notification> page = inbox.list(access.recipient(userId), state, archived, limit, cursor);
        return new CursorPage<>(page.items().stream().map(NotificationResponse::of).toList(), page.nextCursor());
    }

    @GetMapping("/unread-count")
    Map<String, Object> unreadCount(@RequestParam(required = false) String userId) {
        String recipient = access.recipient(userId);
        return Map.of("userId", recipient, "unread", inbox.unreadCount(recipient));
    }

    @GetMapping("/{id}")
    NotificationResponse get(@PathVariable String id) {
        return NotificationResponse.of(inbox.get(id, access.recipientRestriction()));
    }

    @PostMapping("/{id}/read")
    NotificationResponse read(@PathVariable String id) {
        return NotificationResponse.of(inbox.markRead(id, access.recipientRestriction()));
    }

    @PostMapping("/{id}/unread")
    NotificationResponse unread(@PathVariable String id) {
        return NotificationResponse.of(inbox.markUnread(id, access.recipientRestriction()));
    }

    @PostMapping("/{id}/archive")
    NotificationResponse archive(@PathVariable String id) {
        return NotificationResponse.of(inbox.archive(id, access.recipientRestriction()));
    }

    @PostMapping("/read-all")
    Map<String, Object> readAll(@RequestParam(required = false) String userId) {
        String recipient = access.recipient(userId);
        return Map.of("userId", recipient, "updated", inbox.markAllRead(recipient));
    }
}
