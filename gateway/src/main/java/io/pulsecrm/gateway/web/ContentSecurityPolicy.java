package io.pulsecrm.gateway.web;

/**
 * The Content-Security-Policy of the web app's pages. Scripts only from this origin (no inline script, no eval), so an
 * injected string can never run; the app talks to this origin and to the sign-in issuer only; no page may frame it.
 * Inline styles stay allowed: the UI libraries position popovers and drag previews with style attributes, and
 * styles cannot run code.
 */
public final class ContentSecurityPolicy {

    private ContentSecurityPolicy() {
    }

    public static String forApp(String issuerOrigin) {
        return String.join("; ",
                "default-src 'self'",
                "script-src 'self'",
                "style-src 'self' 'unsafe-inline'",
                "img-src 'self' data:",
                "font-src 'self'",
                "connect-src 'self' " + issuerOrigin,
                "form-action 'self' " + issuerOrigin,
                "frame-ancestors 'none'",
                "base-uri 'self'",
                "object-src 'none'",
                "manifest-src 'self'");
    }
}
