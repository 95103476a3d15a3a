package io.pulsecrm.contacts.contacts;

import io.pulsecrm.platform.aggregate.AggregateNotFoundException;

/**
 * The contact asked for was merged into another one (the survivor), which the caller may see: still a 404 (the
 * contact is gone), but one that says where its data went ({@code mergedInto}), so a client can follow it.
 */
public class MergedContactException extends AggregateNotFoundException {

    private final String contactId;
    private final String survivorId;

    public MergedContactException(String contactId, String survivorId) {
        super("contact", contactId);
        this.contactId = contactId;
        this.survivorId = survivorId;
    }

    public String contactId() {
        return contactId;
    }

    public String survivorId() {
        return survivorId;
    }
}
