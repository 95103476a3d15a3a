package io.pulsecrm.deploy.supervision;

import java.security.SecureRandom;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ports for platforms started by tests, side by side on one machine. Asking the kernel for a free port ({@code new
 * ServerSocket(0)}) can give the same port twice, and gives ports from the range it also takes the local ports of
 * outgoing connections from; children bind theirs seconds or minutes later, by when a client may hold one. So a port
 * from here is one nothing listens on, never handed out before in this JVM, and below that range.
 */
public final class FreePorts {

    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    /** Below Linux's default ephemeral range (32768-60999), above the well-known and most registered ports. */
    private static final int FIRST_PORT = 20000;
    private static final int LAST_PORT = 32000;
    private static final Random RANDOM = new SecureRandom();

    private FreePorts() {
    }

    public static int next() {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = FIRST_PORT + RANDOM.nextInt(LAST_PORT - FIRST_PORT);
            if (!HANDED_OUT.contains(port) && PortCheck.isFree(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port between " + FIRST_PORT + " and " + LAST_PORT);
    }
}
