package io.pulsecrm.notification.inbox;

/** Told about every notification this replica stored (live push delivers it to connected clients at once). */
public interface NotificationListener {

    void stored(Notification notification);
}
