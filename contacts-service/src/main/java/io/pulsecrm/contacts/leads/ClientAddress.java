package io.pulsecrm.contacts.leads;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

/**
 * The address of the client behind a request: the connection's peer, unless that is a trusted proxy, in which case
 * the right-most address of {@code X-Forwarded-For} that is not a trusted proxy itself (entries to the left of it
 * were written by the client and prove nothing).
 */
@Component
class ClientAddress {

    private static final java.util.regex.Pattern IPV4 = java.util.regex.Pattern.compile(
            "^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$");
    private static final java.util.regex.Pattern IPV6 = java.util.regex.Pattern.compile("^[0-9a-fA-F:.]{2,45}$");

    private final List<IpAddressMatcher> trusted;

    ClientAddress(LeadIntakeProperties properties) {
        this.trusted = properties.trustedProxies().stream().map(IpAddressMatcher::new).toList();
    }

    String of(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        if (!isTrusted(peer)) {
            return peer;
        }
        String forwarded = String.join(",", java.util.Collections.list(request.getHeaders("X-Forwarded-For")));
        String[] hops = forwarded.split(",");
        String client = peer;
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (hop.isEmpty()) {
                continue;
            }
            if (!looksLikeAddress(hop)) {
                break; // garbage: keep the last address we could trust
            }
            client = hop;
            if (!isTrusted(hop)) {
                break;
            }
        }
        return client;
    }

    private boolean isTrusted(String address) {
        if (address == null || !looksLikeAddress(address)) {
            return false;
        }
        for (IpAddressMatcher matcher : trusted) {
            try {
                if (matcher.matches(address)) {
                    return true;
                }
            } catch (IllegalArgumentException notAnAddress) {
                return false;
            }
        }
        return false;
    }

    /** Only IP literals (never host names: resolving them would be slow, and meaningless here). */
    static boolean looksLikeAddress(String value) {
        return IPV4.matcher(value).matches() || (value.contains(":") && IPV6.matcher(value).matches());
    }
}
