package io.pulsecrm.notification.preferences;

import io.pulsecrm.notification.inbox.InboxAccess;
import io.pulsecrm.platform.aggregate.AggregateNotFoundException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/notifications/preferences}: the caller's email address, channels per type, time zone, quiet hours and
 * daily digest, and the bounce of their address. Admins (and partner
 * applications with the notifications scopes) name another user with {@code userId}; see {@link InboxAccess}.
 */
@RestController
@RequestMapping("/api/notifications/preferences")
class PreferencesController {

    private final Preferences preferences;
    private final InboxAccess access;

    PreferencesController(Preferences preferences, InboxAccess access) {
        this.preferences = preferences;
        this.access = access;
    }

    @GetMapping
    EffectivePreferences get(@RequestParam(required = false) String userId) {
        return preferences.of(access.recipient(userId));
    }

    @PutMapping
    EffectivePreferences put(@RequestParam(required = false) String userId,
                             @RequestBody(required = false) PreferencesRequest request) {
        return preferences.replace(access.recipient(userId), request);
    }

    /** Clears the bounce of the user's current address, so emails go to it again: 204, or 404 if it did not bounce. */
    @DeleteMapping("/bounce")
    ResponseEntity<Void> clearBounce(@RequestParam(required = false) String userId) {
        String recipient = access.recipient(userId);
        if (!preferences.clearBounce(recipient)) {
            throw new AggregateNotFoundException("email bounce of user", recipient);
        }
        return ResponseEntity.noContent().build();
    }
}
