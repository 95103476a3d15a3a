package io.pulsecrm.automation.calls;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The instances of one service that automation calls: one URL (a Kubernetes Service, which balances by itself), or
 * several (the local runner's replicas). Calls go to them in turn; an instance whose call just failed with an outage is
 * passed over for a cool-down, so the retry of that call, and the calls after it, go to another instance instead of
 * waiting for a dead one to come back. When every instance failed lately, they are tried anyway.
 */
final class ServiceInstances {

    private final List<URI> urls;
    private final Duration coolDown;
    private final Clock clock;
    private final AtomicInteger next = new AtomicInteger();
    private final Map<URI, Instant> passedOverUntil = new ConcurrentHashMap<>();

    ServiceInstances(List<URI> urls, Duration coolDown, Clock clock) {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("a service needs at least one URL");
        }
        this.urls = List.copyOf(urls);
        this.coolDown = coolDown;
        this.clock = clock;
    }

    /** The instance the next call goes to. */
    URI pick() {
        Instant now = clock.instant();
        for (int tried = 0; tried < urls.size(); tried++) {
            URI url = nextInTurn();
            Instant until = passedOverUntil.get(url);
            if (until == null || !until.isAfter(now)) {
                return url;
            }
        }
        return nextInTurn();
    }

    /** A call to {@code url} failed with an outage (refused, timed out, 5xx): pass it over for the cool-down. */
    void failed(URI url) {
        if (urls.size() > 1) {
            passedOverUntil.put(url, clock.instant().plus(coolDown));
        }
    }

    private URI nextInTurn() {
        return urls.get(Math.floorMod(next.getAndIncrement(), urls.size()));
    }
}
