package io.pulsecrm.deals.files;

import java.io.InputStream;

import io.pulsecrm.deals.deals.Deal;
import io.pulsecrm.deals.pipelines.Pipeline;
import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.aggregate.AggregateUpdates;
import io.pulsecrm.platform.files.FileAttachments;
import io.pulsecrm.platform.files.FileOwner;
import io.pulsecrm.platform.files.FileStore;
import io.pulsecrm.platform.files.FileView;
import io.pulsecrm.platform.files.StoredFile;
import org.springframework.stereotype.Component;

/**
 * A deal's files: what the files endpoints and anything else that attaches to a deal (a generated document) go through,
 * so every attached file is listed with the deal and announced by {@code pulse.deal.file_attached.v1}.
 */
@Component
public class DealFiles {

    public static final String RECORD_TYPE = "deal";

    private final FileStore files;
    private final AggregateStore store;

    DealFiles(FileStore files, AggregateStore store) {
        this.files = files;
        this.store = store;
    }

    public static FileOwner owner(String dealId) {
        return new FileOwner(RECORD_TYPE, dealId);
    }

    /**
     * Stores a file with the deal and records the event; access to the deal is the caller's to check.
     *
     * @throws io.pulsecrm.platform.files.FileRejectedException when the upload guard refuses it
     */
    public StoredFile attach(String dealId, String filename, String contentType, InputStream content, String uploadedBy) {
        return FileAttachments.attach(files, owner(dealId), filename, contentType, content, uploadedBy,
                stored -> recordAttached(dealId, stored));
    }

    void recordAttached(String dealId, StoredFile file) {
        AggregateUpdates.apply(store, Deal.class, dealId, deal -> deal.fileAttached(FileView.of(file), pipelineOf(deal)));
    }

    void recordRemoved(String dealId, StoredFile file) {
        AggregateUpdates.apply(store, Deal.class, dealId, deal -> deal.fileRemoved(FileView.of(file), pipelineOf(deal)));
    }

    private Pipeline pipelineOf(Deal deal) {
        return store.get(Pipeline.class, deal.pipelineId());
    }
}
