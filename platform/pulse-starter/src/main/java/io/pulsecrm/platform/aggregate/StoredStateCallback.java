package io.pulsecrm.platform.aggregate;

import org.bson.Document;
import org.springframework.data.mongodb.core.mapping.event.AfterConvertCallback;

/** Keeps the document an aggregate was read from, so saving it can record what changed. */
public class StoredStateCallback implements AfterConvertCallback<AggregateRoot> {

    @Override
    public AggregateRoot onAfterConvert(AggregateRoot entity, Document document, String collection) {
        entity.rememberStoredState(document);
        return entity;
    }
}
