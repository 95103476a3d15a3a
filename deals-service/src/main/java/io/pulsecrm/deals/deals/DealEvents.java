package io.pulsecrm.deals.deals;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.pulsecrm.deals.lineitems.LineItemView;
import io.pulsecrm.deals.pipelines.StageKind;
import io.pulsecrm.platform.events.DomainEvent;
import io.pulsecrm.platform.events.DomainEventType;
import io.pulsecrm.platform.files.FileView;

/**
 * The deal events published on {@value Deal#TOPIC}, keyed by deal id; schemas in platform/pulse-events.
 * Every event carries the deal's state after the change, so consumers never call back.
 */
public final class DealEvents {

    private DealEvents() {
    }

    public record StageRef(String id, String name, StageKind kind, int probability) {
    }

    public record DealSnapshot(String id, String title, BigDecimal amount, String currency, String pipelineId,
                               StageRef stage, DealStatus status, String ownerId, String teamId, String companyId,
                               List<DealContact> contacts, LocalDate expectedCloseDate, String source,
                               Map<String, Object> customFields, String lostReason, String lostNote, Instant stageEnteredAt, Instant closedAt,
                               Instant createdAt, Instant updatedAt, List<LineItemView> lineItems) {
    }

    public record PipelineRef(String id, String name) {
    }

    /** A field's value before and after a change. */
    public record Change(Object from, Object to) {
    }

    @DomainEventType("pulse.deal.created.v1")
    public record DealCreated(DealSnapshot deal) implements DomainEvent {
    }

    @DomainEventType("pulse.deal.updated.v1")
    public record DealUpdated(DealSnapshot deal, Map<String, Change> changes) implements DomainEvent {
    }

    /**
     * A move between open stages ({@code reason: moved}), possibly into another pipeline ({@code previousPipeline}
     * and {@code newPipeline} differ), or a deal relocated because an admin removed its stage ({@code reason:
     * stage_removed}; then both stages have the same kind, possibly won or lost).
     */
    @DomainEventType("pulse.deal.stage_changed.v1")
    public record DealStageChanged(DealSnapshot deal, StageRef previousStage, StageRef newStage,
                                   long secondsInPreviousStage, String reason, PipelineRef previousPipeline,
                                   PipelineRef newPipeline) implements DomainEvent {
    }

    @DomainEventType("pulse.deal.won.v1")
    public record DealWon(DealSnapshot deal, StageRef previousStage, StageRef newStage,
                          long secondsInPreviousStage) implements DomainEvent {
    }

    @DomainEventType("pulse.deal.lost.v1")
    public record DealLost(DealSnapshot deal, StageRef previousStage, StageRef newStage, long secondsInPreviousStage,
                           String reason) implements DomainEvent {
    }

    @DomainEventType("pulse.deal.reopened.v1")
    public record DealReopened(DealSnapshot deal, StageRef previousStage, StageRef newStage,
                               long secondsInPreviousStage) implements DomainEvent {
    }

    @DomainEventType("pulse.deal.deleted.v1")
    public record DealDeleted(String dealId, String pipelineId, String stageId, BigDecimal amount, String currency,
                              Instant deletedAt) implements DomainEvent {
    }

    /** Sent once per stay: the deal has been in {@code deal.stage} longer than the stage's limit. */
    @DomainEventType("pulse.deal.stalled.v1")
    public record DealStalled(DealSnapshot deal, Instant stageEnteredAt, String stallAfter, long secondsInStage)
            implements DomainEvent {
    }

    /** A file was attached to the deal ({@code /api/deals/{id}/files}); the deal's state, so its contacts' timelines can show it. */
    @DomainEventType("pulse.deal.file_attached.v1")
    public record DealFileAttached(DealSnapshot deal, FileView file) implements DomainEvent {
    }

    /** A file was removed from the deal. */
    @DomainEventType("pulse.deal.file_removed.v1")
    public record DealFileRemoved(DealSnapshot deal, FileView file) implements DomainEvent {
    }

    /** A document made from a template for the deal (see {@code io.pulsecrm.deals.documents}). */
    public record DocumentRef(String id, String kind, String name, String number, int year, long sequence,
                              String templateId, String fileId, String filename, Long size) {
    }

    /** A document was generated for the deal and stored with it (its PDF in the file store). */
    @DomainEventType("pulse.deal.document_generated.v1")
    public record DocumentGenerated(DealSnapshot deal, DocumentRef document) implements DomainEvent {
    }

    /** A generated document was emailed ({@code to}; {@code contactId} when sent to one of the deal's contacts). */
    @DomainEventType("pulse.deal.document_sent.v1")
    public record DocumentSent(DealSnapshot deal, DocumentRef document, String sendId, String to, String contactId,
                               String subject) implements DomainEvent {
    }
}
