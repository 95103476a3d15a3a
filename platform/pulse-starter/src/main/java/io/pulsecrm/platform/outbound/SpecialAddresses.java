package io.pulsecrm.platform.outbound;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The IPv4 and IPv6 special-purpose address blocks (RFC 6890 and the IANA registries that carry it on), which a
 * URL a user hands us must never reach: this host, private networks, carrier-grade NAT, link-local (cloud metadata
 * at 169.254.169.254), documentation and benchmarking ranges, multicast, reserved and broadcast, and the IPv6 forms
 * that embed or translate any of them.
 */
public final class SpecialAddresses {

    private static final List<Block> BLOCKS = List.of(
            // IPv4
            Block.of("0.0.0.0/8"), Block.of("10.0.0.0/8"), Block.of("100.64.0.0/10"), Block.of("127.0.0.0/8"),
            Block.of("169.254.0.0/16"), Block.of("172.16.0.0/12"), Block.of("192.0.0.0/24"),
            Block.of("192.0.2.0/24"), Block.of("192.31.196.0/24"), Block.of("192.52.193.0/24"),
            Block.of("192.88.99.0/24"), Block.of("192.168.0.0/16"), Block.of("192.175.48.0/24"),
            Block.of("198.18.0.0/15"), Block.of("198.51.100.0/24"), Block.of("203.0.113.0/24"),
            Block.of("224.0.0.0/4"), Block.of("240.0.0.0/4"),
            // IPv6
            Block.of("::/128"), Block.of("::1/128"), Block.of("::/96"), Block.of("::ffff:0:0/96"),
            Block.of("64:ff9b::/96"), Block.of("64:ff9b:1::/48"), Block.of("100::/64"), Block.of("2001::/23"),
            Block.of("2001:db8::/32"), Block.of("3fff::/20"), Block.of("5f00::/16"), Block.of("fc00::/7"),
            Block.of("fe80::/10"), Block.of("fec0::/10"), Block.of("ff00::/8"));
    private static final Block SIX_TO_FOUR = Block.of("2002::/16");

    private SpecialAddresses() {
    }

    /** Whether the address is in a special-purpose block (for a 6to4 address: whether the IPv4 it carries is). */
    public static boolean isSpecial(InetAddress address) {
        byte[] bytes = address.getAddress();
        for (Block block : BLOCKS) {
            if (block.contains(bytes)) {
                return true;
            }
        }
        if (SIX_TO_FOUR.contains(bytes)) {
            return isSpecial(ipv4(bytes[2], bytes[3], bytes[4], bytes[5]));
        }
        return false;
    }

    public static boolean isLoopback(InetAddress address) {
        return address.isLoopbackAddress();
    }

    private static InetAddress ipv4(byte a, byte b, byte c, byte d) {
        try {
            return InetAddress.getByAddress(new byte[] {a, b, c, d});
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** One CIDR block. */
    private record Block(byte[] network, int prefix) {

        static Block of(String cidr) {
            int slash = cidr.indexOf('/');
            try {
                InetAddress network = InetAddress.getByName(cidr.substring(0, slash));
                byte[] bytes = network.getAddress();
                // Java reads "::ffff:0:0" as an IPv4 address; keep the block in its IPv6 form
                if (network instanceof Inet4Address && cidr.contains(":")) {
                    bytes = new byte[16];
                    bytes[10] = (byte) 0xff;
                    bytes[11] = (byte) 0xff;
                }
                return new Block(bytes, Integer.parseInt(cidr.substring(slash + 1)));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(cidr, e);
            }
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }
}
