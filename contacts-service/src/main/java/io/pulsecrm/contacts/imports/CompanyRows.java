package io.pulsecrm.contacts.imports;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.pulsecrm.contacts.access.RecordAccess;
import io.pulsecrm.contacts.companies.Company;
import io.pulsecrm.contacts.companies.CompanyDetails;
import io.pulsecrm.contacts.companies.CompanyDirectory;
import io.pulsecrm.contacts.companies.CompanyNormalizer;
import io.pulsecrm.contacts.contacts.Address;
import io.pulsecrm.contacts.customfields.CustomFieldDefinition;
import io.pulsecrm.contacts.customfields.CustomFields;
import io.pulsecrm.contacts.duplicates.DuplicateDetector;
import io.pulsecrm.contacts.duplicates.DuplicatesFoundException;
import io.pulsecrm.contacts.duplicates.DuplicatesFoundException.Candidate;
import io.pulsecrm.contacts.duplicates.KeyReservation;
import io.pulsecrm.contacts.settings.PhoneRegions;
import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.security.OwnerScope;
import io.pulsecrm.platform.web.InvalidRequestException;
import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Rows that become companies: the same normalisation ({@link CompanyNormalizer}: the domain as a bare host, a size
 * bucket), owner rules, domain claims and pulse.company.created.v1 as {@code POST /api/companies}. A row is a duplicate
 * of a live company with its domain, or, when it has no domain, with its name (case-insensitively); a number of
 * employees ({@code 250}, {@code 1,200}) becomes the size bucket it falls in.
 */
@Component
class CompanyRows implements ImportedRecords {

    static final List<String> FIELDS = List.of("name", "domain", "phone", "industry", "size", "tags", "ownerId", "street",
            "city", "region", "postalCode", "country");

    private final MongoTemplate mongo;
    private final AggregateStore store;
    private final CompanyNormalizer normalizer;
    private final CompanyDirectory companies;
    private final DuplicateDetector duplicates;
    private final RecordAccess access;
    private final ImportRowKeys rowKeys;
    private final PhoneRegions phoneRegions;
    private final Clock clock;

    CompanyRows(MongoTemplate mongo, AggregateStore store, CompanyNormalizer normalizer, CompanyDirectory companies,
                DuplicateDetector duplicates, RecordAccess access, ImportRowKeys rowKeys, PhoneRegions phoneRegions,
                Clock clock) {
        this.phoneRegions = phoneRegions;
        this.mongo = mongo;
        this.store = store;
        this.normalizer = normalizer;
        this.companies = companies;
        this.duplicates = duplicates;
        this.access = access;
        this.rowKeys = rowKeys;
        this.clock = clock;
    }

    @Override
    public String recordType() {
        return ImportJob.COMPANIES;
    }

    @Override
    public String customFieldType() {
        return "company";
    }

    @Override
    public List<String> fields() {
        return FIELDS;
    }

    @Override
    public String requiredField() {
        return "name";
    }

    @Override
    public Map<String, String> suggest(List<String> columns, Map<String, CustomFieldDefinition> definitions) {
        return ImportColumns.suggestCompanies(columns, definitions);
    }

    @Override
    public Read read(List<ImportJob.ColumnMapping> mapping, List<String> columns, List<String> cells,
                     Map<String, CustomFieldDefinition> definitions, Reading reading, long rowNumber,
                     List<FieldProblem> problems) {
        Map<String, String> values = new HashMap<>();
        Map<String, Object> custom = new LinkedHashMap<>();
        ImportFields.cells(mapping, columns, cells, definitions, values, custom, problems);
        Address address = new Address(values.get("street"), values.get("city"), values.get("region"),
                values.get("postalCode"), Countries.code(values.get("country")));
        // a national phone number is read as one of the row's country when it has a numbering plan, as for contacts
        String country = address.country() == null ? null : address.country().strip().toUpperCase(java.util.Locale.ROOT);
        String region = phoneRegions.supported(country) ? country : reading.phoneRegion();
        boolean noAddress = address.equals(new Address(null, null, null, null, null));
        CompanyDetails details;
        try {
            details = normalizer.normalize(new CompanyDetails(values.get("name"), values.get("domain"), values.get("industry"),
                    size(values.get("size")), noAddress ? null : address, values.get("ownerId"), custom, values.get("phone"),
                    ImportFields.list(values.get("tags")), true), null, region);
        } catch (InvalidRequestException e) {
            problems.addAll(e.fieldErrors());
            return null;
        }
        if (!problems.isEmpty()) {
            return null;
        }
        // rows of one batch sharing one go in file order (a row without a domain may be the duplicate of an earlier
        // row with one, by name)
        Set<String> keys = new java.util.HashSet<>();
        keys.add("name:" + nameKey(details).value());
        if (details.domain() != null) {
            keys.add("domain:" + details.domain());
        }
        return new Read(details, keys, details.phoneUnverified()
                ? List.of(ImportedRecords.unverifiedPhone(rowNumber, details.phone(), region)) : List.of());
    }

    private static ImportRowKeys.RowKey nameKey(CompanyDetails details) {
        return new ImportRowKeys.RowKey("name", details.name().toLowerCase(Locale.ROOT));
    }

    /**
     * A row whose domain a live company has (claimed before the company is stored, as for an API create), or without a
     * domain, whose name one has, is a duplicate; in a dry run, where nothing is stored, so is a row with the domain
     * (else name) of an earlier row that would be created.
     */
    @Override
    public RowOutcome handle(ImportJob job, String companyId, long rowNumber, Read row, boolean mayExist, boolean dryRun) {
        List<ImportJob.RowError> notes = new ArrayList<>();
        CompanyDetails read = (CompanyDetails) row.details();
        ImportJob.CreatedRecord record = new ImportJob.CreatedRecord(rowNumber, companyId, read.name());
        if (!dryRun && mayExist && mongo.findById(companyId, org.bson.Document.class, Company.COLLECTION) != null) {
            return new RowOutcome("created", notes, row.warnings(), record); // by the replica this job was taken over from
        }
        CompanyDetails details = read.withOwner(ImportOwners.owner(access, read.ownerId(), rowNumber, notes, "companies"));
        OwnerScope scope = access.scope();
        if (!job.allowDuplicates()) {
            List<DuplicateDetector.Match> matches = details.domain() != null ? duplicates.companyDuplicates(details)
                    : companies.withName(details.name()).stream().map(company -> new DuplicateDetector.Match(
                    new Candidate(company.getId(), company.details().name(), "name", company.details().name()),
                    company.getOwnerId())).toList();
            if (!matches.isEmpty()) {
                notes.add(ImportedRecords.duplicateOf("company", rowNumber, matches, scope));
                return new RowOutcome("duplicate", notes);
            }
        }
        if (dryRun) {
            if (!job.allowDuplicates()) {
                // what the run will do: a row with a domain is the duplicate of an earlier one with that domain, a
                // row without one of an earlier one (with a domain or not) with its name
                ImportRowKeys.EarlierRow earlier = rowKeys.record(job.id(), rowNumber,
                        List.of(details.domain() != null ? new ImportRowKeys.RowKey("domain", details.domain()) : nameKey(details)));
                if (earlier == null && details.domain() != null) {
                    rowKeys.record(job.id(), rowNumber, List.of(nameKey(details))); // kept for later rows without a domain
                }
                if (earlier != null) {
                    return ImportedRecords.sameAsEarlierRow(rowNumber, earlier, notes);
                }
            }
            return new RowOutcome("created", notes, row.warnings(), null);
        }
        KeyReservation keys;
        try {
            keys = duplicates.reserveCompany(companyId, details, null, scope, job.allowDuplicates());
        } catch (DuplicatesFoundException e) {
            notes.add(ImportedRecords.duplicateOf("company", rowNumber, e.matches(), scope));
            return new RowOutcome("duplicate", notes);
        }
        ImportedRecords.storeClaimed(keys, () -> store.save(Company.create(companyId, details, clock.instant())));
        return new RowOutcome("created", notes, row.warnings(), record);
    }


    /**
     * A size as the company API takes it: one of its buckets as written ({@code 51 - 200} too), or a number of
     * employees ({@code 250}, {@code 1 200}, {@code 1,200}) as the bucket it falls in; anything else is left for the
     * normaliser to refuse with the buckets it takes.
     */
    static String size(String cell) {
        if (cell == null) {
            return null;
        }
        String compact = cell.replaceAll("\\s", "");
        if (CompanyNormalizer.SIZES.contains(compact)) {
            return compact;
        }
        String digits = compact.replaceAll("[,.'’]", "");
        if (!digits.matches("[0-9]{1,9}") || !compact.matches("[0-9]{1,3}([,.'’]?[0-9]{3})*")) {
            return cell;
        }
        long employees = Long.parseLong(digits);
        if (employees <= 10) {
            return "1-10";
        }
        for (String bucket : CompanyNormalizer.SIZES) {
            if (bucket.endsWith("+") || employees <= Long.parseLong(bucket.substring(bucket.indexOf('-') + 1))) {
                return bucket;
            }
        }
        return cell;
    }
}
