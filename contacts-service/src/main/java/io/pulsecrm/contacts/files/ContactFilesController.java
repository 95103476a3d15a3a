package io.pulsecrm.contacts.files;

import io.pulsecrm.contacts.contacts.Contact;
import io.pulsecrm.contacts.contacts.VisibleContacts;
import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.aggregate.AggregateUpdates;
import io.pulsecrm.platform.files.FileStore;
import io.pulsecrm.platform.files.FileView;
import io.pulsecrm.platform.files.RecordFilesController;
import io.pulsecrm.platform.files.StoredFile;
import io.pulsecrm.platform.security.CurrentCaller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/contacts/{id}/files}: whoever sees the contact sees, adds and removes its files (the same rule as for
 * editing it); anyone else gets the contact's 404. Attaching and removing are contact events.
 */
@RestController
@RequestMapping("/api/contacts/{id}/files")
class ContactFilesController extends RecordFilesController {

    static final String RECORD_TYPE = "contact";

    private final VisibleContacts contacts;
    private final AggregateStore store;

    ContactFilesController(FileStore files, VisibleContacts contacts, AggregateStore store) {
        super(files, RECORD_TYPE);
        this.contacts = contacts;
        this.store = store;
    }

    @Override
    protected void requireVisible(String recordId) {
        contacts.get(recordId);
    }


    @Override
    protected String uploader() {
        return CurrentCaller.get().actor();
    }

    @Override
    protected void attached(String recordId, StoredFile file) {
        AggregateUpdates.apply(store, Contact.class, recordId, contact -> contact.fileAttached(FileView.of(file)));
    }

    @Override
    protected void removed(String recordId, StoredFile file) {
        AggregateUpdates.apply(store, Contact.class, recordId, contact -> contact.fileRemoved(FileView.of(file)));
    }

    @Override
    protected String recordPath() {
        return "/api/contacts";
    }
}
