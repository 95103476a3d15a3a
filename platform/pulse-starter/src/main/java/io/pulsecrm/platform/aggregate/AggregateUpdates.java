package io.pulsecrm.platform.aggregate;

import java.util.function.Consumer;

/**
 * A change that does not depend on what the client last saw (recording that a file was attached, say): applied to the
 * live aggregate as it is now, re-read and re-applied when another writer got there first.
 */
public final class AggregateUpdates {

    private static final int ATTEMPTS = 5;

    private AggregateUpdates() {
    }

    /**
     * @throws AggregateNotFoundException when the aggregate is gone (deleted meanwhile)
     * @throws VersionConflictException   when it kept changing under us {@value #ATTEMPTS} times: the client retries
     */
    public static <T extends AggregateRoot> T apply(AggregateStore store, Class<T> type, String id, Consumer<T> change) {
        for (int attempt = 1; ; attempt++) {
            T aggregate = store.get(type, id);
            change.accept(aggregate);
            try {
                return store.save(aggregate);
            } catch (VersionConflictException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
