package io.pulsecrm.identity.signin;

import java.util.Locale;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.MessageSource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.HtmlUtils;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The sign-in page people see when the web app sends them to the issuer: Pulse's own, in the browser's language
 * (English and Russian), instead of Spring Security's generic form. It posts the same fields to the same
 * {@code /login} endpoint, so the form login behind it is unchanged.
 */
@ConditionalOnProperty(prefix = "pulse.identity", name = "mode", havingValue = "issuer", matchIfMissing = true)
@Controller
class SignInPage {

    private final MessageSource messages;

    SignInPage(MessageSource messages) {
        this.messages = messages;
    }

    @GetMapping(value = "/login", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> signIn(HttpServletRequest request, Locale locale,
            @RequestParam(required = false) String error, @RequestParam(required = false) String logout) {
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        String notice = error != null ? alert("signin.failed", locale, "error")
                : logout != null ? alert("signin.signedOut", locale, "info") : "";
        String page = """
                <!doctype html>
                <html lang="%s">
                <head>
                  <meta charset="UTF-8">
                  <meta name="viewport" content="width=device-width, initial-scale=1">
                  <title>%s</title>
                  <link rel="stylesheet" href="/signin.css">
                  <link rel="icon" href="/favicon.svg" type="image/svg+xml">
                </head>
                <body>
                  <main class="card">
                    <div class="brand"><span class="logo" aria-hidden="true">P</span> Pulse CRM</div>
                    <h1>%s</h1>
                    %s
                    <form method="post" action="/login">
                      <label for="username">%s</label>
                      <input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" required autofocus>
                      <label for="password">%s</label>
                      <input id="password" name="password" type="password" autocomplete="current-password" required>
                      <input name="%s" type="hidden" value="%s">
                      <button type="submit">%s</button>
                    </form>
                  </main>
                </body>
                </html>
                """.formatted(locale.getLanguage(), text("signin.title", locale), text("signin.heading", locale), notice,
                text("signin.username", locale), text("signin.password", locale),
                csrf == null ? "_csrf" : HtmlUtils.htmlEscape(csrf.getParameterName()),
                csrf == null ? "" : HtmlUtils.htmlEscape(csrf.getToken()), text("signin.submit", locale));
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                // No form-action: browsers apply it to the redirects after the post too, and signing in ends in a
                // redirect to the client's own origin. With no scripts allowed, nothing can retarget the form anyway.
                .header("Content-Security-Policy",
                        "default-src 'none'; style-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'")
                .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .body(page);
    }

    private String alert(String key, Locale locale, String kind) {
        return "<p class=\"" + kind + "\" role=\"alert\">" + text(key, locale) + "</p>";
    }

    private String text(String key, Locale locale) {
        return HtmlUtils.htmlEscape(messages.getMessage(key, null, locale));
    }
}
