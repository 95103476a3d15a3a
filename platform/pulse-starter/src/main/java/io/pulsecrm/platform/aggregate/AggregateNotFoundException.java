package io.pulsecrm.platform.aggregate;

/** No live aggregate with that id (never created, deleted, or not visible to the caller): answered as 404. */
public class AggregateNotFoundException extends RuntimeException {

    public AggregateNotFoundException(String aggregate, String id) {
        super(aggregate + " " + id + " does not exist");
    }
}
