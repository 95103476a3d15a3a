package io.pulsecrm.notification.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;

import io.pulsecrm.notification.NotificationsProperties;
import org.springframework.stereotype.Component;

/**
 * SSRF guard: a webhook target must be an absolute http(s) URL whose host resolves only to public addresses,
 * unless {@code pulse.notifications.webhooks.allow-private-targets} is on. Checked when a subscription is saved
 * and again before every delivery (DNS may change). Redirects are never followed.
 */
@Component
public class TargetGuard {

    private final boolean allowPrivate;

    TargetGuard(NotificationsProperties properties) {
        this.allowPrivate = properties.webhooks().allowPrivateTargets();
    }

    /** @return why the URL is refused, or null if it may be called */
    public String refusal(String url) {
        if (url == null || url.isBlank()) {
            return "is required";
        }
        if (url.length() > 2000) {
            return "must be at most 2000 characters";
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "is not a valid URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "must be an http or https URL";
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return "must have a host";
        }
        if (uri.getUserInfo() != null) {
            return "must not contain credentials";
        }
        if (allowPrivate) {
            return null;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            return "host does not resolve";
        }
        for (InetAddress address : addresses) {
            if (isInternal(address)) {
                return "resolves to a private, loopback or link-local address (" + address.getHostAddress() + ")";
            }
        }
        return null;
    }

    static boolean isInternal(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second <= 127) // carrier-grade NAT
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                    || (first == 198 && (second == 18 || second == 19)) // benchmarking
                    || first >= 240; // reserved, broadcast
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return true; // unique local fc00::/7
            }
            boolean v4Mapped = true;
            for (int i = 0; i < 10; i++) {
                v4Mapped &= b[i] == 0;
            }
            if (v4Mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return isInternal(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }
}
