package io.pulsecrm.contacts.conversion;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.pulsecrm.platform.consumer.ReadModelUpserts;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventJson;
import io.pulsecrm.platform.events.MalformedEventException;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * This service's read model of deals-service's pipelines (from {@code pulse.deals.pipeline.v1}): their stages, each
 * stage's kind and required fields, so a conversion naming an unknown pipeline or stage, a closed stage, or a stage
 * whose required fields the conversion cannot fill is refused up front (422) instead of failing on the deal side.
 * Version-checked upserts make redelivery and reordering harmless; a deleted pipeline stays as a tombstone.
 */
@Component
class PipelineStages {

    static final String TOPIC = "pulse.deals.pipeline.v1";
    static final String COLLECTION = "conversion_pipelines";

    /** One stage as conversions need it. */
    record StageView(String id, String name, String kind, List<String> requiredFields) {

        boolean open() {
            return "open".equalsIgnoreCase(kind);
        }
    }

    /** One pipeline; {@code deleted} for a tombstone. */
    record PipelineView(String id, String name, List<StageView> stages, boolean deleted) {

        Optional<StageView> stage(String stageId) {
            return stages.stream().filter(s -> s.id().equals(stageId)).findFirst();
        }

        Optional<StageView> firstOpenStage() {
            return stages.stream().filter(StageView::open).findFirst();
        }
    }

    private final ReadModelUpserts upserts;
    private final MongoTemplate mongo;

    PipelineStages(ReadModelUpserts upserts, MongoTemplate mongo) {
        this.upserts = upserts;
        this.mongo = mongo;
    }

    @KafkaListener(topics = TOPIC, id = "contacts-conversion-pipelines", idIsGroup = false)
    void on(String record) {
        EventEnvelope event = EventJson.read(record);
        switch (event.type()) {
            case "pulse.pipeline.created.v1", "pulse.pipeline.updated.v1" -> {
                JsonNode pipeline = event.data().get("pipeline");
                if (pipeline == null || !pipeline.hasNonNull("id")) {
                    throw new MalformedEventException("pipeline event without data.pipeline.id");
                }
                List<Document> stages = new ArrayList<>();
                for (JsonNode stage : pipeline.path("stages")) {
                    List<String> required = new ArrayList<>();
                    stage.path("requiredFields").forEach(f -> required.add(f.asString()));
                    stages.add(new Document("id", stage.path("id").asString()).append("name", stage.path("name").asString(""))
                            .append("kind", stage.path("kind").asString("open")).append("requiredFields", required));
                }
                upserts.upsertIfNewer(COLLECTION, pipeline.get("id").asString(), event.aggregateVersion(),
                        new Document("name", pipeline.path("name").asString("")).append("stages", stages).append("deleted", false));
            }
            case "pulse.pipeline.deleted.v1" -> upserts.upsertIfNewer(COLLECTION, event.subject(), event.aggregateVersion(),
                    new Document("deleted", true).append("stages", List.of()));
            default -> {
                // other pipeline events: read tolerantly
            }
        }
    }

    /** The live pipeline, if this service has heard of it. */
    Optional<PipelineView> find(String pipelineId) {
        Document row = mongo.getCollection(COLLECTION).find(new Document("_id", pipelineId)).first();
        if (row == null || row.getBoolean("deleted", false)) {
            return Optional.empty();
        }
        List<StageView> stages = new ArrayList<>();
        for (Document stage : row.getList("stages", Document.class, List.of())) {
            stages.add(new StageView(stage.getString("id"), stage.getString("name"), stage.getString("kind"),
                    stage.getList("requiredFields", String.class, List.of())));
        }
        return Optional.of(new PipelineView(pipelineId, row.getString("name"), stages, false));
    }
}
