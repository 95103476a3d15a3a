package io.pulsecrm.contacts.files;

import io.pulsecrm.contacts.access.RecordAccess;
import io.pulsecrm.contacts.companies.Company;
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
 * {@code /api/companies/{id}/files}: whoever sees the company sees, adds and removes its files (the same rule as for
 * editing it); anyone else gets the company's 404. Attaching and removing are company events.
 */
@RestController
@RequestMapping("/api/companies/{id}/files")
class CompanyFilesController extends RecordFilesController {

    static final String RECORD_TYPE = "company";

    private final RecordAccess access;
    private final AggregateStore store;

    CompanyFilesController(FileStore files, RecordAccess access, AggregateStore store) {
        super(files, RECORD_TYPE);
        this.access = access;
        this.store = store;
    }

    @Override
    protected void requireVisible(String recordId) {
        Company company = store.get(Company.class, recordId);
        access.requireVisible(company.getOwnerId(), RECORD_TYPE, recordId);
    }


    @Override
    protected String uploader() {
        return CurrentCaller.get().actor();
    }

    @Override
    protected void attached(String recordId, StoredFile file) {
        AggregateUpdates.apply(store, Company.class, recordId, company -> company.fileAttached(FileView.of(file)));
    }

    @Override
    protected void removed(String recordId, StoredFile file) {
        AggregateUpdates.apply(store, Company.class, recordId, company -> company.fileRemoved(FileView.of(file)));
    }

    @Override
    protected String recordPath() {
        return "/api/companies";
    }
}
