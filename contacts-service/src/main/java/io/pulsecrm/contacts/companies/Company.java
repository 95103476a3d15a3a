package io.pulsecrm.contacts.companies;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.pulsecrm.contacts.companies.CompanyEvents.CompanyCreated;
import io.pulsecrm.contacts.companies.CompanyEvents.CompanyDeleted;
import io.pulsecrm.contacts.companies.CompanyEvents.CompanyUpdated;
import io.pulsecrm.contacts.contacts.Address;
import io.pulsecrm.contacts.contacts.ContactEvents.Change;
import io.pulsecrm.contacts.search.SearchKeys;
import io.pulsecrm.platform.files.FileView;
import io.pulsecrm.platform.aggregate.Aggregate;
import io.pulsecrm.platform.aggregate.AggregateRoot;
import io.pulsecrm.platform.events.Ids;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.CompoundIndexes;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/** A B2B account contacts can belong to. */
@Document(Company.COLLECTION)
// the list's built-in orders (creation, name, last change), each page read in order
@CompoundIndexes({
        @CompoundIndex(name = "live_created", def = "{'deletedAt': 1, '_id': 1}"),
        @CompoundIndex(name = "name_sort", def = "{'deletedAt': 1, 'nameKey': 1, '_id': 1}"),
        @CompoundIndex(name = "updated_sort", def = "{'deletedAt': 1, 'updatedAt': 1, '_id': 1}")
})
@Aggregate(type = "company", topic = Company.TOPIC, historyIgnores = {"searchKeys", "nameKey"})
public class Company extends AggregateRoot {

    public static final String COLLECTION = "companies";
    public static final String TOPIC = "pulse.contacts.company.v1";

    private String name;
    @Indexed
    private String domain;
    private String industry;
    private String size;
    private Address address;
    private String ownerId;
    private String phone;
    private boolean phoneUnverified;
    private List<String> tags;
    /** keys are defined custom field keys ([a-z][a-zA-Z0-9_]*): safe as field names */
    private Map<String, Object> customFields;
    // derived, for queries only: prefix-search keys, name sort key
    @Indexed
    private List<String> searchKeys;
    private String nameKey;

    protected Company() {
        // for the object mapper
    }

    private Company(String id, CompanyDetails details, Instant now) {
        super(id, now);
        apply(details);
    }

    public static Company create(CompanyDetails details, Instant now) {
        return create(Ids.newId(), details, now);
    }

    /** With an id chosen by the caller (its domain is claimed under that id before the company is stored). */
    public static Company create(String id, CompanyDetails details, Instant now) {
        Company company = new Company(id, details, now);
        company.record(new CompanyCreated(company.snapshot()));
        return company;
    }

    public void update(CompanyDetails details, long expectedVersion, Instant now) {
        requireVersion(expectedVersion);
        Map<String, Change> changes = new LinkedHashMap<>();
        for (RecordComponent component : CompanyDetails.class.getRecordComponents()) {
            try {
                Object from = component.getAccessor().invoke(details());
                Object to = component.getAccessor().invoke(details);
                if (!Objects.equals(from, to)) {
                    changes.put(component.getName(), new Change(from, to));
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        if (changes.isEmpty()) {
            return;
        }
        apply(details);
        touch(now);
        record(new CompanyUpdated(snapshot(), changes));
    }

    public void delete(long expectedVersion, Instant now) {
        requireVersion(expectedVersion);
        markDeleted(now);
        record(new CompanyDeleted(getId(), now));
    }

    /** A file was attached: the event tells the timeline and partners; the company's fields do not change. */
    public void fileAttached(FileView file) {
        record(new CompanyEvents.CompanyFileAttached(getId(), file));
    }

    public void fileRemoved(FileView file) {
        record(new CompanyEvents.CompanyFileRemoved(getId(), file));
    }

    public String getOwnerId() {
        return ownerId;
    }

    public String getNameKey() {
        return nameKey;
    }

    public CompanyDetails details() {
        return new CompanyDetails(name, domain, industry, size, address, ownerId, customFields, phone, tags, phoneUnverified);
    }

    public CompanyEvents.CompanySnapshot snapshot() {
        CompanyDetails details = details();
        return new CompanyEvents.CompanySnapshot(getId(), name, domain, industry, size, address, ownerId,
                details.customFields(), details.phone(), details.tags(), details.phoneUnverified(), getCreatedAt(), getUpdatedAt());
    }

    private void apply(CompanyDetails details) {
        this.name = details.name();
        this.domain = details.domain();
        this.industry = details.industry();
        this.size = details.size();
        this.address = details.address();
        this.ownerId = details.ownerId();
        this.phone = details.phone();
        this.phoneUnverified = details.phoneUnverified();
        this.tags = details.tags();
        this.customFields = details.customFields();
        this.nameKey = SearchKeys.normalize(name);
        List<String> keys = new ArrayList<>();
        keys.add(SearchKeys.normalize(name));
        if (domain != null) {
            keys.add(domain);
        }
        this.searchKeys = keys;
    }
}
