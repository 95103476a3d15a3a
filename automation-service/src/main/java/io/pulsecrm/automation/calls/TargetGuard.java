package io.pulsecrm.automation.calls;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * SSRF guard of webhook actions: a URL whose host resolves to a loopback, private, link-local, multicast or
 * unspecified address is refused, so a rule cannot make automation call into the platform's own network.
 */
final class TargetGuard {

    private TargetGuard() {
    }

    /** @return why the target is refused, or null when it may be called */
    static String refusal(URI url, boolean allowPrivate) {
        if (allowPrivate) {
            return null;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(url.getHost())) {
                if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                        || address.isAnyLocalAddress() || address.isMulticastAddress()
                        || (address.getAddress().length == 16 && (address.getAddress()[0] & 0xfe) == 0xfc)) {
                    return "webhook target " + url.getHost() + " resolves to an internal address";
                }
            }
            return null;
        } catch (UnknownHostException e) {
            return "webhook host " + url.getHost() + " does not resolve";
        }
    }
}
