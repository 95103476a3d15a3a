package io.pulsecrm.platform.consumer;

/** Another replica is processing this event right now; retrying later is the right response. */
public class EventInProgressException extends RuntimeException {

    public EventInProgressException(String consumer, String eventId) {
        super("Event " + eventId + " is being processed by another instance of " + consumer);
    }
}
