package io.pulsecrm.contacts.conversion;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.pulsecrm.contacts.access.RecordAccess;
import io.pulsecrm.contacts.companies.Company;
import io.pulsecrm.contacts.companies.CompanyDetails;
import io.pulsecrm.contacts.companies.CompanyNormalizer;
import io.pulsecrm.contacts.contacts.Contact;
import io.pulsecrm.contacts.contacts.ContactDetails;
import io.pulsecrm.contacts.contacts.ContactEvents.DealToOpen;
import io.pulsecrm.contacts.contacts.Conversion;
import io.pulsecrm.contacts.contacts.VisibleContacts;
import io.pulsecrm.contacts.conversion.PipelineStages.PipelineView;
import io.pulsecrm.contacts.conversion.PipelineStages.StageView;
import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.aggregate.VersionConflictException;
import io.pulsecrm.platform.events.Ids;
import io.pulsecrm.platform.web.InvalidRequestException;
import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import org.springframework.stereotype.Service;

/**
 * The one write path of a lead becoming a deal, for {@code POST /api/contacts/{id}/convert} and for lead forms that
 * open deals. Everything deals-service needs is checked here first (pipeline and stage from this service's read model
 * of pipelines, the stage's required fields, amount and currency, owner, role, company), so the deal it opens from
 * {@code pulse.contact.converted.v1} cannot be refused later. The deal id is allocated here and stored on the contact
 * with the event in one document write; a contact converts once, and asking again answers that first conversion.
 * A company created by name gets an id derived from the contact's, so a retried conversion finds it again.
 */
@Service
public class ContactConversion {

    /** Deal contact roles as deals-service accepts them (see its DealContact.ROLES). */
    static final List<String> ROLES = List.of("decision_maker", "champion", "influencer", "economic_buyer",
            "technical_buyer", "user", "blocker", "other");
    static final String DEFAULT_ROLE = "decision_maker";
    private static final int MAX_DEAL_NAME = 200;
    private static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000000");

    /** The conversion and whether this call made it (false: the contact had been converted before). */
    public record Outcome(Conversion conversion, boolean created) {
    }

    private final AggregateStore store;
    private final VisibleContacts contacts;
    private final PipelineStages pipelines;
    private final CompanyNormalizer companies;
    private final RecordAccess access;
    private final Clock clock;

    ContactConversion(AggregateStore store, VisibleContacts contacts, PipelineStages pipelines, CompanyNormalizer companies,
                      RecordAccess access, Clock clock) {
        this.store = store;
        this.contacts = contacts;
        this.pipelines = pipelines;
        this.companies = companies;
        this.access = access;
        this.clock = clock;
    }

    /**
     * A conversion asked for by the caller: the contact must be one they see (and so may edit), the owner someone they
     * may give records to, a linked company one they see.
     *
     * @param expectedVersion the version the caller read (If-Match), or null for the current one
     */
    public Outcome convert(String contactId, ConvertRequest request, Long expectedVersion, String actor) {
        Contact contact = contacts.get(contactId);
        if (contact.getConversion() != null) {
            return new Outcome(contact.getConversion(), false);
        }
        String owner = request.ownerId();
        if (owner == null || owner.isBlank()) {
            owner = canAssign(contact.getOwnerId()) ? contact.getOwnerId() : access.ownerOfNew(null, "ownerId");
        } else {
            owner = owner.strip();
            access.requireAssignable(owner, "ownerId");
        }
        Optional<Company> linked = Optional.empty();
        if (request.companyId() != null && !request.companyId().isBlank()) {
            Company company = store.find(Company.class, request.companyId().strip())
                    .filter(c -> !c.isDeleted() && access.scope().includes(c.getOwnerId()))
                    .orElseThrow(() -> InvalidRequestException.field("companyId", "is not a company you can see"));
            linked = Optional.of(company);
        }
        return convert(contact, request, owner, linked, expectedVersion, actor);
    }

    /**
     * A conversion the platform makes on its own (a lead form with deal settings, checked when the form was saved):
     * no caller's visibility applies.
     */
    public Outcome convertTrusted(Contact contact, ConvertRequest request, String actor) {
        if (contact.getConversion() != null) {
            return new Outcome(contact.getConversion(), false);
        }
        return convert(contact, request, request.ownerId(), Optional.empty(), null, actor);
    }

    private Outcome convert(Contact contact, ConvertRequest request, String owner, Optional<Company> linked,
                            Long expectedVersion, String actor) {
        List<FieldProblem> problems = new ArrayList<>();
        // the contact's stage is checked before the body: "not a lead" is the answer whatever the body says
        if (!Contact.CONVERTIBLE_STAGES.contains(contact.details().lifecycleStage())) {
            throw new io.pulsecrm.contacts.contacts.NotConvertibleException(contact.getId(), contact.details().lifecycleStage());
        }
        StageView stage = stage(request, problems);
        String role = request.contactRole() == null || request.contactRole().isBlank() ? DEFAULT_ROLE
                : request.contactRole().strip().toLowerCase(Locale.ROOT);
        if (!ROLES.contains(role)) {
            problems.add(new FieldProblem("contactRole", "must be one of " + ROLES));
        }
        String currency = currency(request, problems);
        String amount = amount(request, currency, problems);
        String newCompanyName = linked.isPresent() || request.companyName() == null || request.companyName().isBlank()
                ? null : request.companyName().strip();
        if (newCompanyName != null && newCompanyName.length() > MAX_DEAL_NAME) {
            problems.add(new FieldProblem("companyName", "must be at most " + MAX_DEAL_NAME + " characters"));
        }
        String companyId = linked.map(Company::getId).orElse(newCompanyName != null ? null : contact.details().companyId());
        String companyName = linked.map(c -> c.details().name()).orElse(newCompanyName != null ? newCompanyName
                : companyId == null ? null : store.find(Company.class, companyId).map(c -> c.details().name()).orElse(null));
        String name = dealName(request, companyName, contact.details(), problems);
        if (stage != null) {
            requireStageFields(stage, amount, companyId != null || newCompanyName != null, request, problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("The conversion has invalid fields", problems);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        boolean companyCreated = false;
        if (newCompanyName != null) {
            companyId = createCompany(contact, newCompanyName, owner, now);
            companyCreated = true;
        }
        Conversion conversion = new Conversion(Ids.newId(), request.pipelineId().strip(), stage.id(), companyId,
                companyCreated, now, actor);
        DealToOpen deal = new DealToOpen(name, conversion.pipelineId(), stage.id(), amount, currency, owner, role,
                request.expectedCloseDate() == null ? null : request.expectedCloseDate().toString(), source(contact));
        try {
            contact.convert(conversion, deal, expectedVersion == null ? contact.getVersion() : expectedVersion);
            store.save(contact);
        } catch (VersionConflictException conflict) {
            // a concurrent conversion of the same contact won: answer with it, as a repeated request would get
            Contact current = store.find(Contact.class, contact.getId()).orElseThrow(() -> conflict);
            if (current.getConversion() != null) {
                return new Outcome(current.getConversion(), false);
            }
            throw conflict;
        }
        return new Outcome(conversion, true);
    }

    /**
     * Checks a pipeline and stage a deal may be opened in (lead form settings): field problems under {@code prefix}.
     */
    public void checkTarget(String pipelineId, String stageId, String prefix, List<FieldProblem> problems) {
        List<FieldProblem> found = new ArrayList<>();
        ConvertRequest target = new ConvertRequest(pipelineId, stageId, null, null, null, null, null, null, null, null);
        StageView stage = stage(target, found);
        if (stage != null) {
            // what a form's deal cannot carry: a stage requiring it would refuse every lead
            requireStageFields(stage, null, false, target, found);
        }
        found.forEach(p -> problems.add(new FieldProblem(prefix + p.field(), p.message())));
    }

    private boolean canAssign(String ownerId) {
        if (ownerId == null) {
            return false;
        }
        try {
            access.requireAssignable(ownerId, "ownerId");
            return true;
        } catch (RuntimeException notAllowed) {
            return false;
        }
    }

    private StageView stage(ConvertRequest request, List<FieldProblem> problems) {
        if (request.pipelineId() == null || request.pipelineId().isBlank()) {
            problems.add(new FieldProblem("pipelineId", "is required"));
            return null;
        }
        Optional<PipelineView> pipeline = pipelines.find(request.pipelineId().strip());
        if (pipeline.isEmpty()) {
            problems.add(new FieldProblem("pipelineId", "no pipeline " + request.pipelineId()));
            return null;
        }
        if (request.stageId() == null || request.stageId().isBlank()) {
            Optional<StageView> first = pipeline.get().firstOpenStage();
            if (first.isEmpty()) {
                problems.add(new FieldProblem("stageId", "pipeline " + request.pipelineId() + " has no open stage"));
            }
            return first.orElse(null);
        }
        Optional<StageView> stage = pipeline.get().stage(request.stageId().strip());
        if (stage.isEmpty()) {
            problems.add(new FieldProblem("stageId", "is not a stage of pipeline " + request.pipelineId()));
            return null;
        }
        if (!stage.get().open()) {
            problems.add(new FieldProblem("stageId", "is a " + stage.get().kind() + " stage; a converted lead's deal starts in an open stage"));
            return null;
        }
        return stage.get();
    }

    private static void requireStageFields(StageView stage, String amount, boolean hasCompany, ConvertRequest request,
                                           List<FieldProblem> problems) {
        for (String field : stage.requiredFields()) {
            switch (field) {
                case "amount" -> {
                    if (amount == null) {
                        problems.add(new FieldProblem("amount", "is required by stage " + stage.name()));
                    }
                }
                case "companyId" -> {
                    if (!hasCompany) {
                        problems.add(new FieldProblem("companyId", "is required by stage " + stage.name()));
                    }
                }
                case "expectedCloseDate" -> {
                    if (request.expectedCloseDate() == null) {
                        problems.add(new FieldProblem("expectedCloseDate", "is required by stage " + stage.name()));
                    }
                }
                default -> {
                    // contacts: the converted contact; source: the contact's source (or "conversion")
                }
            }
        }
    }

    private static String currency(ConvertRequest request, List<FieldProblem> problems) {
        if (request.currency() == null || request.currency().isBlank()) {
            if (request.amount() != null) {
                problems.add(new FieldProblem("currency", "is required with an amount"));
            }
            return null;
        }
        String code = request.currency().strip().toUpperCase(Locale.ROOT);
        try {
            if (code.length() == 3) {
                Currency.getInstance(code);
                return code;
            }
        } catch (IllegalArgumentException unknown) {
            // reported below
        }
        problems.add(new FieldProblem("currency", "'" + InvalidRequestException.echo(request.currency()) + "' is not an ISO 4217 currency"));
        return null;
    }

    private static String amount(ConvertRequest request, String currency, List<FieldProblem> problems) {
        BigDecimal amount = request.amount();
        if (amount == null) {
            return null;
        }
        if (amount.signum() < 0) {
            problems.add(new FieldProblem("amount", "must not be negative"));
            return null;
        }
        if (amount.compareTo(MAX_AMOUNT) > 0) {
            problems.add(new FieldProblem("amount", "must be at most " + MAX_AMOUNT.toPlainString()));
            return null;
        }
        if (currency != null) {
            int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
            BigDecimal plain = amount.stripTrailingZeros();
            if (Math.max(0, plain.scale()) > digits) {
                problems.add(new FieldProblem("amount", currency + " amounts have at most " + digits + " decimal places"));
                return null;
            }
        }
        return amount.stripTrailingZeros().toPlainString();
    }

    private static String dealName(ConvertRequest request, String companyName, ContactDetails contact,
                                   List<FieldProblem> problems) {
        String name = request.dealName() == null ? "" : request.dealName().strip();
        if (name.isEmpty()) {
            name = companyName != null ? companyName : personName(contact);
        }
        if (name.length() > MAX_DEAL_NAME) {
            problems.add(new FieldProblem("dealName", "must be at most " + MAX_DEAL_NAME + " characters"));
        }
        return name;
    }

    private static String personName(ContactDetails contact) {
        String name = ((contact.firstName() == null ? "" : contact.firstName()) + " "
                + (contact.lastName() == null ? "" : contact.lastName())).strip();
        if (!name.isEmpty()) {
            return name;
        }
        return contact.email() != null ? contact.email() : "Deal";
    }

    private static String source(Contact contact) {
        String source = contact.details().source();
        return source == null ? "conversion" : source;
    }

    private String createCompany(Contact contact, String name, String owner, Instant now) {
        String id;
        try (Ids.Scope derived = Ids.deriveFrom("conversion-company:" + contact.getId(), contact.getCreatedAt().toEpochMilli())) {
            id = Ids.newId();
        }
        if (store.find(Company.class, id).isPresent()) {
            return id; // an earlier attempt of this conversion created it
        }
        CompanyDetails details = companies.normalize(new CompanyDetails(name, null, null, null, null, owner, null, null, null, false));
        try {
            store.save(Company.create(id, details, now));
        } catch (org.springframework.dao.DuplicateKeyException concurrent) {
            // a concurrent attempt of the same conversion created it
        }
        return id;
    }
}
