package io.pulsecrm.deals.files;

import io.pulsecrm.deals.deals.DealAccess;
import io.pulsecrm.platform.files.FileStore;
import io.pulsecrm.platform.files.RecordFilesController;
import io.pulsecrm.platform.files.StoredFile;
import io.pulsecrm.platform.security.CurrentCaller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/deals/{id}/files}: whoever sees the deal sees, adds and removes its files (the same rule as for editing
 * it); anyone else gets the deal's 404.
 */
@RestController
@RequestMapping("/api/deals/{id}/files")
class DealFilesController extends RecordFilesController {

    private final DealAccess access;
    private final DealFiles dealFiles;

    DealFilesController(FileStore files, DealAccess access, DealFiles dealFiles) {
        super(files, DealFiles.RECORD_TYPE);
        this.access = access;
        this.dealFiles = dealFiles;
    }

    @Override
    protected void requireVisible(String recordId) {
        access.visibleDeal(recordId);
    }


    @Override
    protected String uploader() {
        return CurrentCaller.get().actor();
    }

    @Override
    protected void attached(String recordId, StoredFile file) {
        dealFiles.recordAttached(recordId, file);
    }

    @Override
    protected void removed(String recordId, StoredFile file) {
        dealFiles.recordRemoved(recordId, file);
    }

    @Override
    protected String recordPath() {
        return "/api/deals";
    }
}
