package io.pulsecrm.contacts.contacts;

/** A contact that is not a lead (its lifecycle stage is past or outside the lead stages) cannot be converted. */
public class NotConvertibleException extends RuntimeException {

    private final String lifecycleStage;

    public NotConvertibleException(String contactId, String lifecycleStage) {
        super("Contact " + contactId + " is not a lead: its lifecycle stage is " + (lifecycleStage == null ? "not set" : "'" + lifecycleStage + "'")
                + "; only contacts in " + Contact.CONVERTIBLE_STAGES.stream().sorted().toList() + " convert into deals");
        this.lifecycleStage = lifecycleStage;
    }

    public String lifecycleStage() {
        return lifecycleStage;
    }
}
