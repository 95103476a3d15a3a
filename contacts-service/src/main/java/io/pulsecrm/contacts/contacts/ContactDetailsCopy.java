package io.pulsecrm.contacts.contacts;

/** Copies of {@link ContactDetails} with one field changed. */
public final class ContactDetailsCopy {

    private ContactDetailsCopy() {
    }

    public static ContactDetails withSource(ContactDetails d, String source) {
        return new ContactDetails(d.firstName(), d.lastName(), d.email(), d.phone(), d.jobTitle(), d.otherEmails(),
                d.otherPhones(), d.messengers(), d.address(), source, d.lifecycleStage(), d.ownerId(), d.companyId(),
                d.tags(), d.birthday(), d.consent(), d.customFields(), d.acquisition(), d.phoneUnverified());
    }

    public static ContactDetails withOwner(ContactDetails d, String ownerId) {
        return new ContactDetails(d.firstName(), d.lastName(), d.email(), d.phone(), d.jobTitle(), d.otherEmails(),
                d.otherPhones(), d.messengers(), d.address(), d.source(), d.lifecycleStage(), ownerId, d.companyId(),
                d.tags(), d.birthday(), d.consent(), d.customFields(), d.acquisition(), d.phoneUnverified());
    }

    public static ContactDetails withTags(ContactDetails d, java.util.List<String> tags) {
        return new ContactDetails(d.firstName(), d.lastName(), d.email(), d.phone(), d.jobTitle(), d.otherEmails(),
                d.otherPhones(), d.messengers(), d.address(), d.source(), d.lifecycleStage(), d.ownerId(), d.companyId(),
                tags, d.birthday(), d.consent(), d.customFields(), d.acquisition(), d.phoneUnverified());
    }
}
