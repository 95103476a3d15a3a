package io.pulsecrm.deals.conversion;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulsecrm.deals.deals.Deal;
import io.pulsecrm.deals.deals.DealContact;
import io.pulsecrm.deals.deals.DealDetails;
import io.pulsecrm.deals.deals.DealRules;
import io.pulsecrm.deals.pipelines.Pipeline;
import io.pulsecrm.deals.pipelines.Stage;
import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.context.EventContext;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventJson;
import io.pulsecrm.platform.events.MalformedEventException;
import io.pulsecrm.platform.identity.Member;
import io.pulsecrm.platform.security.Visibility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Opens the deal of a converted lead ({@code pulse.contact.converted.v1}) with exactly the id contacts-service
 * allocated, the contact linked in its role and the company linked. Exactly once in effect: a deal with that id (even
 * a deleted one) means the event was handled, and two replicas racing on a redelivery meet at the id's unique index.
 * <p>
 * contacts-service checked pipeline, stage and the stage's required fields against its read model of our pipelines.
 * If the stage has since gone or closed, the deal opens in the pipeline's first open stage (counted as
 * {@code pulse.deals.conversion.fallback}); if the pipeline has gone, or the deal is refused otherwise, the event fails
 * and lands on the dead-letter topic after the usual retries, where operators see and can replay it: never dropped.
 */
@Component
class ConversionListener {

    static final String TOPIC = "pulse.contacts.contact.v1";
    static final String CONVERTED = "pulse.contact.converted.v1";
    private static final Logger log = LoggerFactory.getLogger(ConversionListener.class);

    record DealToOpen(String name, String pipelineId, String stageId, String amount, String currency, String ownerId,
                      String contactRole, String expectedCloseDate, String source) {
    }

    record Converted(String contactId, String dealId, DealToOpen deal, String companyId, String convertedBy) {
    }

    private final AggregateStore store;
    private final MongoTemplate mongo;
    private final Visibility visibility;
    private final MeterRegistry meters;
    private final EventContext context;
    private final Clock clock;

    ConversionListener(AggregateStore store, MongoTemplate mongo, Visibility visibility, MeterRegistry meters,
                       EventContext context, Clock clock) {
        this.context = context;
        this.store = store;
        this.mongo = mongo;
        this.visibility = visibility;
        this.meters = meters;
        this.clock = clock;
    }

    @KafkaListener(topics = TOPIC, groupId = "${spring.application.name}-conversion")
    void on(String record) {
        EventEnvelope event = EventJson.read(record);
        if (!CONVERTED.equals(event.type())) {
            return;
        }
        Converted converted = event.dataAs(Converted.class);
        if (converted.dealId() == null || converted.contactId() == null || converted.deal() == null
                || converted.deal().pipelineId() == null) {
            throw new MalformedEventException("converted event without dealId, contactId or deal.pipelineId");
        }
        if (mongo.exists(Query.query(Criteria.where("_id").is(converted.dealId())), Deal.class)) {
            return; // handled before (a redelivery): never a second deal
        }
        context.onBehalfOf(event, () -> open(converted, event.actor()));
    }

    private void open(Converted converted, String actor) {
        DealToOpen wanted = converted.deal();
        Pipeline pipeline = store.find(Pipeline.class, wanted.pipelineId()).orElseThrow(() -> new IllegalStateException(
                "Conversion of contact " + converted.contactId() + ": pipeline " + wanted.pipelineId() + " no longer exists"));
        String stageId = pipeline.stage(wanted.stageId()).filter(Stage::isOpen).map(Stage::id).orElse(null);
        if (stageId == null) {
            meters.counter("pulse.deals.conversion.fallback").increment();
            log.warn("Conversion of contact {}: stage {} of pipeline {} is gone or closed; opening deal {} in the first open stage",
                    converted.contactId(), wanted.stageId(), pipeline.getId(), converted.dealId());
        }
        String owner = wanted.ownerId();
        String team = owner == null ? null : visibility.directory().find(owner).map(Member::team).orElse(null);
        DealDetails details = DealRules.normalize(new DealDetails(wanted.name(),
                wanted.amount() == null ? null : new BigDecimal(wanted.amount()), wanted.currency(), owner, team,
                converted.companyId(), List.of(new DealContact(converted.contactId(), wanted.contactRole())),
                wanted.expectedCloseDate() == null ? null : LocalDate.parse(wanted.expectedCloseDate()), wanted.source(),
                Map.of()));
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        try {
            store.save(Deal.create(converted.dealId(), details, pipeline, stageId, actor, now));
            meters.counter("pulse.deals.conversion.opened").increment();
        } catch (DuplicateKeyException raced) {
            // another replica handled a redelivery of this event at the same moment: the deal exists once
        }
    }
}
