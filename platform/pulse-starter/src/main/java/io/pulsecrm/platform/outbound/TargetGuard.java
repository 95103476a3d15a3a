package io.pulsecrm.platform.outbound;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * The one SSRF guard of the platform, for every URL a user hands us to call. A target must be an absolute http(s)
 * URL without credentials whose host resolves only to public addresses ({@link SpecialAddresses}); loopback only
 * when {@code pulse.outbound.allow-loopback} is on. {@link #resolve} is also what {@link GuardedHttpClients} connect
 * through, so the address that was checked is the address connected to: no second lookup, no DNS rebinding window.
 * Redirects are never followed.
 */
public class TargetGuard {

    public static final int MAX_URL_LENGTH = 2000;

    private final boolean allowLoopback;

    public TargetGuard(OutboundProperties properties) {
        this.allowLoopback = properties.allowLoopback();
    }

    /** @return why the URL may not be called (in words for the caller), or null when it may */
    public String refusal(String url) {
        String malformed = malformed(url);
        if (malformed != null) {
            return malformed;
        }
        try {
            resolve(URI.create(url).getHost());
            return null;
        } catch (TargetRefusedException e) {
            return e.getMessage();
        } catch (UnknownHostException e) {
            return "host does not resolve";
        }
    }

    /** @return what is wrong with the URL's form, or null when it is an absolute http(s) URL with a host */
    public static String malformed(String url) {
        if (url == null || url.isBlank()) {
            return "is required";
        }
        if (url.length() > MAX_URL_LENGTH) {
            return "must be at most " + MAX_URL_LENGTH + " characters";
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "is not a valid URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "must be an http or https URL";
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return "must have a host";
        }
        if (uri.getRawUserInfo() != null) {
            return "must not contain credentials";
        }
        return null;
    }

    /**
     * Every address the host resolves to, all of them checked.
     *
     * @throws TargetRefusedException when any of them is a special-purpose address
     * @throws UnknownHostException   when the host does not resolve
     */
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses = InetAddress.getAllByName(bare);
        for (InetAddress address : addresses) {
            if (SpecialAddresses.isSpecial(address) && !(allowLoopback && address.isLoopbackAddress())) {
                throw new TargetRefusedException("resolves to an address that is not public (" + address.getHostAddress() + ")");
            }
        }
        return List.of(addresses);
    }
}
