package io.pulsecrm.gateway.ratelimit;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;

import io.pulsecrm.platform.identity.Caller;
import io.pulsecrm.platform.identity.Role;

/**
 * Whose budget a request spends: a user or a partner client (the token's subject, as
 * {@link Caller#fromClaims} tells them apart), or an anonymous caller by client address.
 *
 * @param roles a user's roles, most privileged first (empty for clients and anonymous callers)
 */
public record RateLimitPrincipal(Kind kind, String id, SortedSet<Role> roles) {

    public enum Kind {
        USER, CLIENT, ANONYMOUS;

        /** The {@code kind} tag of the rejection metric. */
        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Metric tag value for "not applicable" (a client has no role, a user no client id). */
    static final String NONE = "none";

    public RateLimitPrincipal {
        roles = new TreeSet<>(roles);
    }

    static RateLimitPrincipal of(Caller caller) {
        return new RateLimitPrincipal(caller.isClient() ? Kind.CLIENT : Kind.USER, caller.id(),
                new TreeSet<>(caller.roles()));
    }

    /**
     * An anonymous caller, by IP. IPv6 clients are keyed by their /64 prefix: one subscriber usually gets a
     * whole /64, so keying by full address would let them rotate through billions of fresh buckets.
     */
    static RateLimitPrincipal anonymous(InetSocketAddress remote) {
        return new RateLimitPrincipal(Kind.ANONYMOUS, addressKey(remote), new TreeSet<>());
    }

    /** The {@code role} tag: a user's most privileged role; bounded by the Role enum. */
    String roleTag() {
        return roles.isEmpty() ? NONE : roles.first().claimValue();
    }

    /** The {@code client} tag: client ids come from validated tokens only, so their number is bounded by the issuer. */
    String clientTag() {
        return kind == Kind.CLIENT ? id : NONE;
    }

    private static String addressKey(InetSocketAddress remote) {
        if (remote == null || remote.getAddress() == null) {
            return "unknown";
        }
        InetAddress address = remote.getAddress();
        if (address instanceof Inet6Address) {
            byte[] prefix = Arrays.copyOf(address.getAddress(), 16);
            Arrays.fill(prefix, 8, 16, (byte) 0);
            try {
                return InetAddress.getByAddress(prefix).getHostAddress() + "/64";
            }
            catch (UnknownHostException impossible) { // 16 bytes are always a valid address
                throw new IllegalStateException(impossible);
            }
        }
        return address.getHostAddress();
    }
}
