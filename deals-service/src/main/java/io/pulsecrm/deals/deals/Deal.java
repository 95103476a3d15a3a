package io.pulsecrm.deals.deals;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import io.pulsecrm.deals.deals.DealEvents.Change;
import io.pulsecrm.deals.deals.DealEvents.DealCreated;
import io.pulsecrm.deals.deals.DealEvents.DealDeleted;
import io.pulsecrm.deals.deals.DealEvents.DealLost;
import io.pulsecrm.deals.deals.DealEvents.DealReopened;
import io.pulsecrm.deals.deals.DealEvents.DealSnapshot;
import io.pulsecrm.deals.deals.DealEvents.DealStageChanged;
import io.pulsecrm.deals.deals.DealEvents.DealStalled;
import io.pulsecrm.deals.deals.DealEvents.DealUpdated;
import io.pulsecrm.deals.deals.DealEvents.DealWon;
import io.pulsecrm.deals.deals.DealEvents.PipelineRef;
import io.pulsecrm.deals.deals.DealEvents.StageRef;
import io.pulsecrm.deals.lineitems.LineItem;
import io.pulsecrm.deals.lineitems.LineItemRules;
import io.pulsecrm.deals.lineitems.LineItemView;
import io.pulsecrm.deals.lineitems.StoredLineItem;
import io.pulsecrm.deals.pipelines.Pipeline;
import io.pulsecrm.deals.pipelines.Stage;
import io.pulsecrm.deals.pipelines.StageKind;
import io.pulsecrm.platform.files.FileView;
import io.pulsecrm.platform.aggregate.Aggregate;
import io.pulsecrm.platform.aggregate.AggregateRoot;
import io.pulsecrm.platform.aggregate.StateConflictException;
import io.pulsecrm.platform.events.Ids;
import io.pulsecrm.platform.search.SearchText;
import io.pulsecrm.platform.web.InvalidRequestException;
import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import org.springframework.data.annotation.AccessType;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A sales opportunity moving through one pipeline. The deal's status follows the kind of its stage; every
 * stage change is kept in {@code stageHistory} and announced by an event, in the same document write.
 * Behaviour methods take the deal's {@link Pipeline} to check stage membership and required fields.
 */
@Document(Deal.COLLECTION)
// stageHistory is the stage-change log itself (GET /api/deals/{id}/history answers it as stageChanges)
@Aggregate(type = "deal", topic = Deal.TOPIC, historyIgnores = {"stageHistory", "titleKeys", "documentEvents"})
public class Deal extends AggregateRoot {

    public static final String COLLECTION = "deals";
    public static final String TOPIC = "pulse.deals.deal.v1";
    /** Words of a title from which a search may start (a title has at most 200 characters). */
    static final int MAX_TITLE_KEYS = 24;
    /** Line items per deal at most (a quote's lines, not an order book). */
    public static final int MAX_LINE_ITEMS = 200;

    private String title;
    /** Amount in minor units of {@link #currency}; see {@link Money}. */
    private Long amountMinor;
    private String currency;
    private String pipelineId;
    private String stageId;
    private DealStatus status;
    private String ownerId;
    private String teamId;
    private String companyId;
    private List<DealContact> contacts = new ArrayList<>();
    /** ISO date text, so it sorts and compares as a date without time-zone conversions. */
    private String expectedCloseDate;
    private String source;
    private String lostReason;
    private String lostNote;
    private Instant stageEnteredAt;
    /** The open stage the deal was last in, where a reopened deal goes back to. */
    private String lastOpenStageId;
    private Instant closedAt;
    /** Set when the stalled event for the current stay was emitted; cleared on every stage change. */
    private Instant stalledAt;
    private List<StageChange> stageHistory = new ArrayList<>();
    /** Flat, validated by {@link DealRules}: keys are identifiers, values strings, numbers or booleans. */
    private Map<String, Object> customFields = new TreeMap<>();
    /** The deal's products and services, in their order; when there are any, the amount is the sum of their totals. */
    private List<StoredLineItem> lineItems = new ArrayList<>();
    /** Which document events the deal has recorded (generated:id, sent:id), so a finished retry records none twice. */
    private List<String> documentEvents = new ArrayList<>();
    /**
     * The title's search keys ({@code ?q=}), derived from the title whenever the deal is written (property access),
     * so a deal read from a document written before the keys existed stores them with its next change.
     */
    @AccessType(AccessType.Type.PROPERTY)
    private List<String> titleKeys;

    protected Deal() {
        // for the object mapper
    }

    public static Deal create(DealDetails details, Pipeline pipeline, String stageId, String actor, Instant now) {
        return create(Ids.newId(), details, pipeline, stageId, actor, now);
    }

    /** With an id chosen elsewhere (a lead's conversion allocates it), so the same deal cannot be opened twice. */
    public static Deal create(String id, DealDetails details, Pipeline pipeline, String stageId, String actor, Instant now) {
        Stage stage = stageId == null ? pipeline.firstOpenStage() : pipeline.requireStage(stageId, "stageId");
        if (!stage.isOpen()) {
            throw InvalidRequestException.field("stageId", "is a " + kindName(stage.kind())
                    + " stage; create the deal in an open stage, then win or lose it");
        }
        requireFieldsFor(stage, details);
        Deal deal = new Deal(id, now);
        deal.apply(details);
        deal.pipelineId = pipeline.getId();
        deal.stageId = stage.id();
        deal.lastOpenStageId = stage.id();
        deal.status = DealStatus.OPEN;
        deal.stageEnteredAt = now;
        deal.stageHistory.add(new StageChange(null, null, stage.id(), stage.name(), stage.kind(), now, actor, null, "created",
                null, null));
        deal.record(new DealCreated(deal.snapshot(pipeline)));
        return deal;
    }

    /** Applies changed fields; a change that changes nothing records no event. */
    public void update(DealDetails details, Pipeline pipeline, long expectedVersion, Instant now) {
        requireVersion(expectedVersion);
        requireFieldsFor(currentStage(pipeline), details);
        DealDetails before = details();
        if (hasLineItems() && (!Objects.equals(before.amount(), details.amount())
                || !Objects.equals(before.currency(), details.currency()))) {
            throw new StateConflictException("The amount of deal " + getId() + " is the sum of its " + lineItems.size()
                    + " line items: change, add or remove line items instead of the amount or currency");
        }
        Map<String, Change> changes = new LinkedHashMap<>();
        compare(changes, "title", before.title(), details.title());
        compare(changes, "amount", before.amount(), details.amount());
        compare(changes, "currency", before.currency(), details.currency());
        compare(changes, "ownerId", before.ownerId(), details.ownerId());
        compare(changes, "teamId", before.teamId(), details.teamId());
        compare(changes, "companyId", before.companyId(), details.companyId());
        compare(changes, "contacts", before.contacts(), details.contacts());
        compare(changes, "expectedCloseDate", before.expectedCloseDate(), details.expectedCloseDate());
        compare(changes, "source", before.source(), details.source());
        compare(changes, "customFields", before.customFields(), details.customFields());
        if (changes.isEmpty()) {
            return;
        }
        apply(details);
        touch(now);
        record(new DealUpdated(snapshot(pipeline), changes));
    }

    /**
     * Adds a line item at {@code position} (0-based; null: at the end). The item's currency must be the deal's; a deal
     * without a currency takes the item's. The deal's amount becomes the sum of its items' totals.
     */
    public void addLineItem(LineItem item, Integer position, Pipeline pipeline, long expectedVersion, Instant now) {
        requireVersion(expectedVersion);
        requireItemCurrency(item);
        List<LineItem> after = new ArrayList<>(lineItems());
        if (position != null && (position < 0 || position > after.size())) {
            throw InvalidRequestException.field("position", "must be between 0 and " + after.size());
        }
        if (after.size() >= MAX_LINE_ITEMS) {
            throw new StateConflictException("Deal " + getId() + " has " + MAX_LINE_ITEMS + " line items, the most a deal may have");
        }
        after.add(position == null ? after.size() : position, item);
        replaceLineItems(after, pipeline, now);
    }

    /** Replaces the line item with {@code item.id()}, keeping its place; 404 semantics for an unknown id. */
    public void changeLineItem(LineItem item, Pipeline pipeline, long expectedVersion, Instant now) {
        requireVersion(expectedVersion);
        requireItemCurrency(item);
        List<LineItem> after = new ArrayList<>(lineItems());
        after.set(indexOfLineItem(item.id()), item);
        replaceLineItems(after, pipeline, now);
    }

    /** Removes a line item; with the last one gone the amount stays what it was and is editable again. */
    public void removeLineItem(String itemId, Pipeline pipeline, long expectedVersion, Instant now) {
        requireVersion(expectedVersion);
        List<LineItem> after = new ArrayList<>(lineItems());
        after.remove(indexOfLineItem(itemId));
        replaceLineItems(after, pipeline, now);
    }

    /** Puts the line items in the order given: every item's id exactly once. */
    public void reorderLineItems(List<String> itemIds, Pipeline pipeline, long expectedVersion, Instant now) {
        requireVersion(expectedVersion);
        List<LineItem> current = lineItems();
        List<String> ids = itemIds == null ? List.of() : itemIds;
        if (ids.size() != current.size() || ids.stream().distinct().count() != ids.size()
                || !current.stream().map(LineItem::id).toList().containsAll(ids)) {
            throw InvalidRequestException.field("itemIds", "must name each of the deal's " + current.size()
                    + " line items exactly once");
        }
        List<LineItem> after = ids.stream().map(id -> current.get(indexOfLineItem(id))).toList();
        replaceLineItems(after, pipeline, now);
    }

    /** The line item with this id, or a 404-answered {@link io.pulsecrm.platform.aggregate.AggregateNotFoundException}. */
    public LineItem lineItem(String itemId) {
        return lineItems().get(indexOfLineItem(itemId));
    }

    private int indexOfLineItem(String itemId) {
        for (int i = 0; i < lineItems.size(); i++) {
            if (lineItems.get(i).id().equals(itemId)) {
                return i;
            }
        }
        throw new io.pulsecrm.platform.aggregate.AggregateNotFoundException("line item", itemId);
    }

    private void requireItemCurrency(LineItem item) {
        if (currency != null && !currency.equals(item.currency())) {
            throw InvalidRequestException.field("currency", "line items of this deal are in " + currency
                    + ", the deal's currency, not " + item.currency());
        }
    }

    /** One event per change of the items: {@code changes.lineItems} and, when they moved, the amount and currency. */
    private void replaceLineItems(List<LineItem> after, Pipeline pipeline, Instant now) {
        List<LineItemView> viewsBefore = LineItemView.of(lineItems());
        BigDecimal amountBefore = amount();
        String currencyBefore = currency;
        if (currency == null && !after.isEmpty()) {
            this.currency = after.getFirst().currency();
        }
        this.lineItems = new ArrayList<>(after.stream().map(StoredLineItem::of).toList());
        if (!after.isEmpty()) {
            long total = after.stream().mapToLong(LineItem::totalMinor).reduce(0L, Math::addExact);
            if (total > Money.toMinor(LineItemRules.MAX_LINE, currency)) {
                throw InvalidRequestException.field("quantity", "the deal's total would exceed "
                        + LineItemRules.MAX_LINE.toPlainString() + " " + currency);
            }
            this.amountMinor = total;
        }
        List<LineItemView> viewsAfter = LineItemView.of(lineItems());
        Map<String, Change> changes = new LinkedHashMap<>();
        compare(changes, "lineItems", viewsBefore, viewsAfter);
        compare(changes, "amount", amountBefore, amount());
        compare(changes, "currency", currencyBefore, currency);
        if (changes.isEmpty()) {
            return;
        }
        touch(now);
        record(new DealUpdated(snapshot(pipeline), changes));
    }

    /** The deal's line items in their order, in the deal's currency (empty for a deal without any). */
    public List<LineItem> lineItems() {
        if (lineItems == null || lineItems.isEmpty()) {
            return List.of();
        }
        return lineItems.stream().map(item -> item.toLineItem(currency)).toList();
    }

    public boolean hasLineItems() {
        return lineItems != null && !lineItems.isEmpty();
    }

    /**
     * Points the deal's entries for contact {@code from} (merged away) at {@code to}, keeping their roles; an entry
     * that would duplicate one already naming {@code to} is dropped. Returns false, recording nothing, when the deal
     * does not reference {@code from} (so a redelivered merge changes nothing).
     */
    public boolean repointContact(String from, String to, Pipeline pipeline, Instant now) {
        if (from == null || to == null || from.equals(to) || contacts.stream().noneMatch(c -> from.equals(c.contactId()))) {
            return false;
        }
        List<DealContact> before = List.copyOf(contacts);
        boolean survivorPresent = contacts.stream().anyMatch(c -> to.equals(c.contactId()));
        List<DealContact> after = new ArrayList<>();
        for (DealContact c : contacts) {
            if (!from.equals(c.contactId())) {
                after.add(c);
            } else if (!survivorPresent) {
                after.add(new DealContact(to, c.role()));
                survivorPresent = true; // a second entry for the merged contact would duplicate this one
            }
        }
        this.contacts = after;
        touch(now);
        Map<String, Change> changes = new LinkedHashMap<>();
        changes.put("contacts", new Change(before, List.copyOf(after)));
        record(new DealUpdated(snapshot(pipeline), changes));
        return true;
    }

    /** Moves an open deal to another open stage of its pipeline; stages may be skipped. */
    public void moveTo(String targetStageId, Pipeline pipeline, String actor, long expectedVersion, Instant now) {
        requireVersion(expectedVersion);
        requireOpen("move");
        Stage target = stageOfOwnPipeline(targetStageId, pipeline);
        if (!target.isOpen()) {
            throw InvalidRequestException.field("stageId", "is a " + kindName(target.kind())
                    + " stage; use /win or /lose to close the deal");
        }
        if (target.id().equals(stageId)) {
            return;
        }
        requireFieldsFor(target, details());
        Transition t = enter(target, pipeline, actor, now, "moved");
        record(new DealStageChanged(snapshot(pipeline), t.from, t.to, t.seconds, "moved", ref(pipeline), ref(pipeline)));
    }

    /**
     * Moves an open deal into an open stage of another pipeline (its own pipeline: same as {@link #moveTo}). The
     * target stage's required fields apply; the stage history and the stage-changed event name both pipelines.
     */
    public void moveToPipeline(String targetStageId, Pipeline current, Pipeline target, String actor, long expectedVersion,
                               Instant now) {
        if (target.getId().equals(pipelineId)) {
            moveTo(targetStageId, target, actor, expectedVersion, now);
            return;
        }
        requireVersion(expectedVersion);
        requireOpen("move");
        if (targetStageId == null || targetStageId.isBlank()) {
            throw InvalidRequestException.field("stageId", "is required: the stage of pipeline " + target.getId() + " to move to");
        }
        Stage stage = target.stage(targetStageId).orElseThrow(() -> InvalidRequestException.field("stageId",
                "is not a stage of pipeline " + target.getId() + ", the pipeline the deal is moved to"));
        if (!stage.isOpen()) {
            throw InvalidRequestException.field("stageId", "is a " + kindName(stage.kind())
                    + " stage; move the deal into an open stage, then win or lose it");
        }
        requireFieldsFor(stage, details());
        Transition t = enter(stage, current, target, actor, now, "moved");
        record(new DealStageChanged(snapshot(target), t.from, t.to, t.seconds, "moved", ref(current), ref(target)));
    }

    /** Moves the deal into a won stage ({@code stageId}, or the pipeline's first won stage). */
    public void win(String wonStageId, Pipeline pipeline, String actor, long expectedVersion, Instant now) {
        requireVersion(expectedVersion);
        requireOpen("win");
        Stage target = closingStage(wonStageId, StageKind.WON, pipeline);
        requireFieldsFor(target, details());
        Transition t = enter(target, pipeline, actor, now, "won");
        record(new DealWon(snapshot(pipeline), t.from, t.to, t.seconds));
    }

    /** Loses the deal for one of the pipeline's lost reasons. */
    public void lose(String reason, String note, String lostStageId, Pipeline pipeline, String actor,
                     long expectedVersion, Instant now) {
        requireVersion(expectedVersion);
        requireOpen("lose");
        String cleanReason = reason == null ? null : reason.strip();
        if (cleanReason == null || cleanReason.isEmpty()) {
            throw InvalidRequestException.field("reason", "is required to lose a deal; one of " + pipeline.lostReasons());
        }
        if (!pipeline.lostReasons().contains(cleanReason)) {
            throw InvalidRequestException.field("reason", "'" + InvalidRequestException.echo(cleanReason) + "' is not one of the pipeline's lost reasons "
                    + pipeline.lostReasons());
        }
        List<FieldProblem> problems = new ArrayList<>();
        String cleanNote = DealRules.text(note, "note", 1000, false, problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("The request has invalid fields", problems);
        }
        Stage target = closingStage(lostStageId, StageKind.LOST, pipeline);
        this.lostReason = cleanReason;
        this.lostNote = cleanNote;
        Transition t = enter(target, pipeline, actor, now, "lost");
        record(new DealLost(snapshot(pipeline), t.from, t.to, t.seconds, cleanReason));
    }

    /** Reopens a won or lost deal, into {@code stageId} or back into the open stage it was last in. */
    public void reopen(String openStageId, Pipeline pipeline, String actor, long expectedVersion, Instant now) {
        requireVersion(expectedVersion);
        if (status == DealStatus.OPEN) {
            throw new StateConflictException("Deal " + getId() + " is open; only won or lost deals can be reopened");
        }
        Stage target;
        if (openStageId != null) {
            target = stageOfOwnPipeline(openStageId, pipeline);
            if (!target.isOpen()) {
                throw InvalidRequestException.field("stageId", "must be an open stage");
            }
        } else {
            target = pipeline.stage(lastOpenStageId).filter(Stage::isOpen).orElse(pipeline.firstOpenStage());
        }
        requireFieldsFor(target, details());
        this.lostReason = null;
        this.lostNote = null;
        Transition t = enter(target, pipeline, actor, now, "reopened");
        record(new DealReopened(snapshot(pipeline), t.from, t.to, t.seconds));
    }

    /**
     * Moves the deal out of a stage an admin is removing. Required fields of the target are not enforced: the
     * admin decides where the deals go, and blocking the removal on every deal's data would make it impossible.
     */
    public void relocate(Stage target, Pipeline pipeline, String actor, Instant now) {
        Transition t = enter(target, pipeline, actor, now, "stage_removed");
        record(new DealStageChanged(snapshot(pipeline), t.from, t.to, t.seconds, "stage_removed", ref(pipeline),
                ref(pipeline)));
    }

    public void delete(long expectedVersion, Instant now) {
        requireVersion(expectedVersion);
        markDeleted(now);
        record(new DealDeleted(getId(), pipelineId, stageId, amount(), currency, now));
    }

    /** A file was attached: the event tells the timelines and partners; the deal's fields do not change. */
    public void fileAttached(FileView file, Pipeline pipeline) {
        record(new DealEvents.DealFileAttached(snapshot(pipeline), file));
    }

    public void fileRemoved(FileView file, Pipeline pipeline) {
        record(new DealEvents.DealFileRemoved(snapshot(pipeline), file));
    }

    /** Records that a document was generated for the deal; false (nothing recorded) when it already was. */
    public boolean recordDocumentGenerated(DealEvents.DocumentRef document, Pipeline pipeline, Instant now) {
        return recordDocumentEvent("generated:" + document.id(), now,
                () -> new DealEvents.DocumentGenerated(snapshot(pipeline), document));
    }

    /** Records that a document was emailed; false (nothing recorded) when this send already was. */
    public boolean recordDocumentSent(DealEvents.DocumentRef document, String sendId, String to, String contactId,
                                      String subject, Pipeline pipeline, Instant now) {
        return recordDocumentEvent("sent:" + sendId, now,
                () -> new DealEvents.DocumentSent(snapshot(pipeline), document, sendId, to, contactId, subject));
    }

    private boolean recordDocumentEvent(String key, Instant now, java.util.function.Supplier<io.pulsecrm.platform.events.DomainEvent> event) {
        if (documentEvents == null) {
            documentEvents = new ArrayList<>();
        }
        if (documentEvents.contains(key)) {
            return false;
        }
        documentEvents.add(key);
        touch(now);
        record(event.get());
        return true;
    }

    /** Records the stalled event once per stay; false when the deal moved on or was already reported. */
    public boolean markStalled(Stage stage, Pipeline pipeline, Instant now) {
        if (status != DealStatus.OPEN || !stage.id().equals(stageId) || stalledAt != null || stage.stallLimit() == null
                || stageEnteredAt.plus(stage.stallLimit()).isAfter(now)) {
            return false;
        }
        this.stalledAt = now;
        record(new DealStalled(snapshot(pipeline), stageEnteredAt, stage.stallAfter(),
                Duration.between(stageEnteredAt, now).toSeconds()));
        return true;
    }

    private record Transition(StageRef from, StageRef to, long seconds) {
    }

    private Transition enter(Stage target, Pipeline pipeline, String actor, Instant now, String reason) {
        return enter(target, pipeline, pipeline, actor, now, reason);
    }

    /** @param current the deal's pipeline now; {@code next} the one {@code target} belongs to */
    private Transition enter(Stage target, Pipeline current, Pipeline next, String actor, Instant now, String reason) {
        StageRef from = stageRef(current);
        long seconds = Math.max(0, Duration.between(stageEnteredAt, now).toSeconds());
        boolean pipelineChanges = !next.getId().equals(pipelineId);
        stageHistory.add(new StageChange(stageId, from.name(), target.id(), target.name(), target.kind(), now, actor,
                seconds, reason, pipelineChanges ? pipelineId : null, pipelineChanges ? next.getId() : null));
        this.pipelineId = next.getId();
        this.stageId = target.id();
        this.status = switch (target.kind()) {
            case OPEN -> DealStatus.OPEN;
            case WON -> DealStatus.WON;
            case LOST -> DealStatus.LOST;
        };
        if (target.isOpen()) {
            this.lastOpenStageId = target.id();
            this.closedAt = null;
        } else if (closedAt == null) {
            // a closed deal relocated from a removed won/lost stage keeps the date it was closed
            this.closedAt = now;
        }
        this.stageEnteredAt = now;
        this.stalledAt = null;
        touch(now);
        return new Transition(from, toRef(target), seconds);
    }

    private Stage closingStage(String requested, StageKind kind, Pipeline pipeline) {
        if (requested == null) {
            return pipeline.firstStageOf(kind);
        }
        Stage stage = stageOfOwnPipeline(requested, pipeline);
        if (stage.kind() != kind) {
            throw InvalidRequestException.field("stageId", "must be a " + kindName(kind) + " stage");
        }
        return stage;
    }

    private Stage stageOfOwnPipeline(String targetStageId, Pipeline pipeline) {
        if (targetStageId == null || targetStageId.isBlank()) {
            throw InvalidRequestException.field("stageId", "is required");
        }
        return pipeline.stage(targetStageId).orElseThrow(() -> InvalidRequestException.field("stageId",
                "is not a stage of the deal's pipeline " + pipelineId + "; to move the deal to another pipeline, name it in pipelineId"));
    }

    private void requireOpen(String action) {
        if (status != DealStatus.OPEN) {
            throw new StateConflictException("Deal " + getId() + " is " + status.name().toLowerCase()
                    + "; reopen it before you " + action + " it");
        }
    }

    private static void requireFieldsFor(Stage stage, DealDetails details) {
        List<FieldProblem> problems = new ArrayList<>();
        for (String field : stage.requiredFields()) {
            // names are checked against DealField when the stage is configured
            boolean missing = switch (field) {
                case "amount" -> details.amount() == null;
                case "expectedCloseDate" -> details.expectedCloseDate() == null;
                case "companyId" -> details.companyId() == null;
                case "contacts" -> details.contacts().isEmpty();
                case "source" -> details.source() == null;
                default -> false;
            };
            if (missing) {
                problems.add(new FieldProblem(field, "is required in stage '" + stage.name() + "'"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("Stage '" + stage.name() + "' requires fields the deal does not have",
                    problems);
        }
    }

    /** Folded word suffixes of the title: any word's prefix finds the deal (see {@link SearchText#wordSuffixes}). */
    public static List<String> titleKeys(String title) {
        return SearchText.wordSuffixes(title, MAX_TITLE_KEYS);
    }

    /** Public for the mapping's property access (Java bean rules), not for callers: use {@link #titleKeys(String)}. */
    public List<String> getTitleKeys() {
        return titleKeys(title);
    }

    public void setTitleKeys(List<String> stored) {
        this.titleKeys = stored; // only read back; what is written is always derived from the title
    }

    public DealDetails details() {
        return new DealDetails(title, amount(), currency, ownerId, teamId, companyId, contacts,
                expectedCloseDate == null ? null : LocalDate.parse(expectedCloseDate), source, customFields);
    }

    public DealSnapshot snapshot(Pipeline pipeline) {
        return new DealSnapshot(getId(), title, amount(), currency, pipelineId, stageRef(pipeline), status, ownerId,
                teamId, companyId, List.copyOf(contacts), expectedCloseDate(), source, customFields(), lostReason, lostNote,
                stageEnteredAt, closedAt, getCreatedAt(), getUpdatedAt(), LineItemView.of(lineItems()));
    }

    private StageRef stageRef(Pipeline pipeline) {
        return pipeline.stage(stageId).map(Deal::toRef)
                .orElse(new StageRef(stageId, null, kindOf(status), 0)); // stage removed meanwhile
    }

    private Stage currentStage(Pipeline pipeline) {
        return pipeline.stage(stageId).orElse(new Stage(stageId, "?", 0, kindOf(status), List.of(), null));
    }

    private static PipelineRef ref(Pipeline pipeline) {
        return new PipelineRef(pipeline.getId(), pipeline.name());
    }

    private static StageRef toRef(Stage stage) {
        return new StageRef(stage.id(), stage.name(), stage.kind(), stage.probability());
    }

    private static StageKind kindOf(DealStatus status) {
        return switch (status) {
            case OPEN -> StageKind.OPEN;
            case WON -> StageKind.WON;
            case LOST -> StageKind.LOST;
        };
    }

    private static String kindName(StageKind kind) {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    private Deal(String id, Instant now) {
        super(id, now);
    }

    private void apply(DealDetails details) {
        this.title = details.title();
        this.currency = details.currency();
        this.amountMinor = details.amount() == null ? null : Money.toMinor(details.amount(), details.currency());
        this.ownerId = details.ownerId();
        this.teamId = details.teamId();
        this.companyId = details.companyId();
        this.contacts = new ArrayList<>(details.contacts());
        this.expectedCloseDate = details.expectedCloseDate() == null ? null : details.expectedCloseDate().toString();
        this.source = details.source();
        this.customFields = new TreeMap<>(details.customFields());
    }

    private static void compare(Map<String, Change> changes, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changes.put(field, new Change(before, after));
        }
    }

    public BigDecimal amount() {
        return amountMinor == null ? null : Money.fromMinor(amountMinor, currency);
    }

    public Long amountMinor() {
        return amountMinor;
    }

    public String currency() {
        return currency;
    }

    public String title() {
        return title;
    }

    public String pipelineId() {
        return pipelineId;
    }

    public String stageId() {
        return stageId;
    }

    public DealStatus status() {
        return status;
    }

    public String ownerId() {
        return ownerId;
    }

    public String teamId() {
        return teamId;
    }

    public String companyId() {
        return companyId;
    }

    public List<DealContact> contacts() {
        return List.copyOf(contacts);
    }

    public LocalDate expectedCloseDate() {
        return expectedCloseDate == null ? null : LocalDate.parse(expectedCloseDate);
    }

    public String source() {
        return source;
    }

    public Map<String, Object> customFields() {
        return customFields == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(customFields));
    }

    public String lostReason() {
        return lostReason;
    }

    public String lostNote() {
        return lostNote;
    }

    public Instant stageEnteredAt() {
        return stageEnteredAt;
    }

    public Instant stalledAt() {
        return stalledAt;
    }

    public Instant closedAt() {
        return closedAt;
    }

    public String lastOpenStageId() {
        return lastOpenStageId;
    }

    public List<StageChange> stageHistory() {
        return List.copyOf(stageHistory);
    }
}
