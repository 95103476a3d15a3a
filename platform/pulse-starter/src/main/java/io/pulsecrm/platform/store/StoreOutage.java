package io.pulsecrm.platform.store;

import java.util.List;

import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * Failures that say the service's database could not be reached (down, restarting, failing over, or a pooled
 * connection a restart closed), as opposed to a write it refused or a bug. Such a failure passes when the store is back:
 * a request answers 503 to be retried, a consumer retries its event for as long as it takes instead of dead-lettering it.
 */
public final class StoreOutage {

    private static final List<Class<? extends Throwable>> CAUSES = List.of(MongoSocketException.class,
            MongoTimeoutException.class, MongoNotPrimaryException.class, MongoNodeIsRecoveringException.class,
            MongoConnectionPoolClearedException.class, DataAccessResourceFailureException.class);

    private StoreOutage() {
    }

    /** Whether {@code failure}, or something it was caused by, says the database could not be reached. */
    public static boolean causes(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (Class<? extends Throwable> cause : CAUSES) {
                if (cause.isInstance(t)) {
                    return true;
                }
            }
        }
        return false;
    }
}
