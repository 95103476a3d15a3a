package io.pulsecrm.notification.unsubscribe;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulsecrm.notification.NotificationsProperties;
import io.pulsecrm.notification.preferences.Preferences;
import io.pulsecrm.platform.web.InvalidRequestException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The unsubscribe link of every email, public (no token: the signed link is the credential, see
 * {@link UnsubscribeTokens}).
 * <ul>
 *   <li>{@code POST /api/public/notifications/unsubscribe/{token}} turns the email of that type off for the
 *   recipient (their other channels and settings stay): what RFC 8058 one-click unsubscribe sends
 *   ({@code List-Unsubscribe=One-Click} as a form body, any body is accepted) and what the page's button sends.
 *   Doing it again changes nothing more.</li>
 *   <li>{@code GET} of the same link (the link in the email's text) only shows a page with that button, so mail
 *   scanners that open links unsubscribe no one.</li>
 * </ul>
 * Both answer HTML, or JSON for {@code Accept: application/json}. A malformed, forged or tampered token is 400
 * problem+json.
 */
@RestController
@RequestMapping(UnsubscribeTokens.PATH)
class UnsubscribeController {

    private final UnsubscribeTokens tokens;
    private final Preferences preferences;
    private final NotificationsProperties.Email properties;
    private final MeterRegistry meters;

    UnsubscribeController(UnsubscribeTokens tokens, Preferences preferences, NotificationsProperties properties,
                          MeterRegistry meters) {
        this.tokens = tokens;
        this.preferences = preferences;
        this.properties = properties.email();
        this.meters = meters;
    }

    @GetMapping("/{token}")
    ResponseEntity<?> confirm(@PathVariable String token, @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        UnsubscribeTokens.Grant grant = verified(token);
        if (wantsJson(accept)) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("scope", grant.scope());
            body.put("unsubscribed", false);
            body.put("unsubscribe", "POST this URL");
            return json(body);
        }
        String what = describe(grant.scope());
        return html("Unsubscribe from " + what, "<p>Stop getting " + HtmlUtils.htmlEscape(what) + " by email from Pulse CRM?</p>"
                + "<form method=\"post\"><input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
                + "<button type=\"submit\">Unsubscribe</button></form>"
                + "<p>Your other notifications stay as they are. <a href=\"" + HtmlUtils.htmlEscape(preferencesUrl())
                + "\">All your notification settings</a></p>");
    }

    @PostMapping("/{token}")
    ResponseEntity<?> unsubscribe(@PathVariable String token, @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        UnsubscribeTokens.Grant grant = verified(token);
        List<String> off = preferences.turnOffEmail(grant.userId(), grant.scope());
        meters.counter("pulse.notifications.emails.unsubscribed", "scope", grant.scope()).increment();
        if (wantsJson(accept)) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("scope", grant.scope());
            body.put("unsubscribed", true);
            body.put("emailOff", off);
            return json(body);
        }
        String what = describe(grant.scope());
        return html("Unsubscribed", "<p>You will not get " + HtmlUtils.htmlEscape(what) + " by email any more.</p>"
                + "<p><a href=\"" + HtmlUtils.htmlEscape(preferencesUrl()) + "\">All your notification settings</a></p>");
    }

    private UnsubscribeTokens.Grant verified(String token) {
        UnsubscribeTokens.Grant grant = tokens.verify(token).orElse(null);
        if (grant == null || !(Preferences.TYPES.contains(grant.scope()) || Preferences.DIGEST_SCOPE.equals(grant.scope()))) {
            throw InvalidRequestException.field("token", "is not a valid unsubscribe link (changed or incomplete?)");
        }
        return grant;
    }

    private String preferencesUrl() {
        return properties.appUrl().replaceAll("/+$", "") + "/settings/notifications";
    }

    private static String describe(String scope) {
        return Preferences.DIGEST_SCOPE.equals(scope) ? "your daily digest"
                : scope.replace('_', ' ') + " notifications";
    }

    private static boolean wantsJson(String accept) {
        return accept != null && accept.contains(MediaType.APPLICATION_JSON_VALUE) && !accept.contains(MediaType.TEXT_HTML_VALUE);
    }

    private static ResponseEntity<?> json(Map<String, Object> body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    private static ResponseEntity<?> html(String title, String content) {
        String page = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\">"
                + "<title>" + HtmlUtils.htmlEscape(title) + " - Pulse CRM</title></head><body><h1>"
                + HtmlUtils.htmlEscape(title) + "</h1>" + content + "</body></html>";
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CACHE_CONTROL, "no-store").body(page);
    }
}
