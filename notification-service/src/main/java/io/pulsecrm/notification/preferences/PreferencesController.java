package io.pulsecrm.notification.preferences;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/notifications/preferences?userId=...}: a user's email address and channels per type. */
@RestController
@RequestMapping("/api/notifications/preferences")
class PreferencesController {

    private final Preferences preferences;

    PreferencesController(Preferences preferences) {
        this.preferences = preferences;
    }

    @GetMapping
    EffectivePreferences get(@RequestParam(required = false) String userId) {
        Preferences.requireUser(userId);
        return preferences.of(userId);
    }

    @PutMapping
    EffectivePreferences put(@RequestParam(required = false) String userId,
                             @RequestBody(required = false) PreferencesRequest request) {
        return preferences.replace(userId, request);
    }
}
