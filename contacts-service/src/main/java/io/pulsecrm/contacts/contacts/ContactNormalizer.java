package io.pulsecrm.contacts.contacts;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import io.pulsecrm.contacts.companies.Company;
import io.pulsecrm.contacts.customfields.CustomFields;
import io.pulsecrm.contacts.settings.PhoneRegions;
import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.security.CurrentCaller;
import io.pulsecrm.platform.security.OwnerScope;
import io.pulsecrm.platform.security.Visibility;
import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import io.pulsecrm.platform.web.InvalidRequestException;
import io.pulsecrm.platform.web.TextFields;
import org.springframework.stereotype.Component;

/**
 * One clean form for every contact field, so duplicates can be found and partners get comparable data:
 * trimmed text, lower-case emails and tags, phones in E.164. Values that cannot be normalised are refused,
 * naming the field and the reason.
 */
@Component
public class ContactNormalizer {

    static final int MAX_NAME = 100;
    static final int MAX_JOB_TITLE = 150;
    static final int MAX_LIST = 20;
    /** A phone kept as entered: long enough for extensions and notes people type, short enough to stay a phone. */
    public static final int MAX_UNVERIFIED_PHONE = 50;
    private static final int MAX_EMAIL = 254;
    public static final int MAX_TAG = 50;
    private static final int MAX_TEXT = 200;
    // pragmatic: one @, no spaces, a dot in the domain; full RFC 5322 accepts addresses no mailbox uses
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s.]{2,}$");
    private static final Pattern MESSENGER_TYPE = Pattern.compile("^[a-z0-9_-]{1,30}$");
    private static final Pattern COUNTRY = Pattern.compile("^[A-Z]{2}$");
    public static final List<String> SOURCES = List.of("web_form", "import", "api", "manual");
    public static final List<String> LIFECYCLE_STAGES = List.of("lead", "qualified", "opportunity", "customer", "churned");

    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
    private final AggregateStore store;
    private final Clock clock;
    private final CustomFields customFields;
    private final Visibility visibility;
    private final PhoneRegions phoneRegions;

    public ContactNormalizer(AggregateStore store, Clock clock, CustomFields customFields,
                             Visibility visibility, PhoneRegions phoneRegions) {
        this.phoneRegions = phoneRegions;
        this.customFields = customFields;
        this.visibility = visibility;
        this.store = store;
        this.clock = clock;
    }

    /** Normalises a new contact's details. */
    public ContactDetails normalize(ContactDetails raw) {
        return normalize(raw, null);
    }

    /**
     * Normalises details; {@code current} (null for a new contact) tells which references changed and must be
     * checked (a company deleted after it was set does not block unrelated edits).
     */
    public ContactDetails normalize(ContactDetails raw, ContactDetails current) {
        return normalize(raw, current, null);
    }

    /**
     * Normalises details, reading phone numbers without a country code as numbers of {@code phoneRegion} (null: the
     * caller's default, {@link PhoneRegions}). With {@code raw.phoneUnverified()}, a primary phone that is not a
     * valid number is kept as entered (and stays marked unverified) instead of being refused.
     */
    public ContactDetails normalize(ContactDetails raw, ContactDetails current, String phoneRegion) {
        List<FieldProblem> problems = new ArrayList<>();
        // read only for a number written without its country code: most writes carry none or +<code> and need no look-up
        Supplier<String> region = phoneRegion != null ? () -> phoneRegion : memoized(phoneRegions::callersDefault);
        String firstName = text(raw.firstName(), "firstName", MAX_NAME, true, problems);
        String lastName = text(raw.lastName(), "lastName", MAX_NAME, false, problems);
        String email = email(raw.email(), "email", problems);
        MainPhone main = mainPhone(raw.phone(), raw.phoneUnverified(), region, problems);
        String phone = main.phone();
        boolean phoneUnverified = main.unverified();
        String jobTitle = text(raw.jobTitle(), "jobTitle", MAX_JOB_TITLE, false, problems);

        Set<String> otherEmails = new LinkedHashSet<>();
        list(raw.otherEmails(), "otherEmails", problems);
        for (int i = 0; i < raw.otherEmails().size(); i++) {
            String other = email(raw.otherEmails().get(i), "otherEmails[" + i + "]", problems);
            if (other != null) {
                otherEmails.add(other);
            }
        }
        if (email == null && !otherEmails.isEmpty()) {
            email = otherEmails.iterator().next(); // there is always a primary when there is any
        }
        otherEmails.remove(email);

        Set<String> otherPhones = new LinkedHashSet<>();
        list(raw.otherPhones(), "otherPhones", problems);
        for (int i = 0; i < raw.otherPhones().size(); i++) {
            String other = phone(raw.otherPhones().get(i), "otherPhones[" + i + "]", region, problems);
            if (other != null) {
                otherPhones.add(other);
            }
        }
        if (phone == null && !otherPhones.isEmpty()) {
            phone = otherPhones.iterator().next();
        }
        otherPhones.remove(phone);

        List<Messenger> messengers = new ArrayList<>();
        list(raw.messengers(), "messengers", problems);
        for (int i = 0; i < raw.messengers().size(); i++) {
            Messenger messenger = raw.messengers().get(i);
            if (messenger == null) {
                problems.add(new FieldProblem("messengers[" + i + "]", "must be an object"));
                continue;
            }
            String type = messenger.type() == null ? null : messenger.type().strip().toLowerCase(Locale.ROOT);
            if (type == null || !MESSENGER_TYPE.matcher(type).matches()) {
                problems.add(new FieldProblem("messengers[" + i + "].type", "is required: a short name such as whatsapp, telegram, signal"));
            }
            String handle = text(messenger.handle(), "messengers[" + i + "].handle", MAX_NAME, true, problems);
            Messenger clean = new Messenger(type, handle);
            if (!messengers.contains(clean)) {
                messengers.add(clean);
            }
        }

        Address address = address(raw.address(), "address", problems);
        String source = oneOf(raw.source(), "source", SOURCES, "manual", problems);
        String stage = oneOf(raw.lifecycleStage(), "lifecycleStage", LIFECYCLE_STAGES, "lead", problems);
        String ownerId = text(raw.ownerId(), "ownerId", MAX_NAME, false, problems);
        String companyId = text(raw.companyId(), "companyId", MAX_NAME, false, problems);
        if (companyId != null && (current == null || !companyId.equals(current.companyId())) && !visibleCompany(companyId)) {
            // a company the caller may not see answers exactly like one that does not exist
            problems.add(new FieldProblem("companyId", "is not an existing company"));
        }

        List<String> tags = tags(raw.tags(), problems);

        LocalDate birthday = raw.birthday();
        if (birthday != null && (birthday.isAfter(LocalDate.now(clock)) || birthday.getYear() < 1900)) {
            problems.add(new FieldProblem("birthday", "must be a date between 1900-01-01 and today"));
        }
        Consent consent = raw.consent();
        if (consent != null && consent.emailMarketing() == null && consent.smsMarketing() == null && consent.phoneCalls() == null) {
            consent = null;
        }
        Acquisition acquisition = Acquisition.normalize(raw.acquisition(), name -> "acquisition." + name, problems);
        var custom = customFields.normalize("contact", raw.customFields(), current == null ? null : current.customFields(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("The contact has invalid fields", problems);
        }
        return new ContactDetails(firstName, lastName, email, phone, jobTitle, List.copyOf(otherEmails),
                List.copyOf(otherPhones), messengers, address, source, stage, ownerId, companyId, tags,
                birthday, consent, custom, acquisition, phoneUnverified);
    }

    /** Whether the company exists and the current caller (if any: public intake has none) may see it. */
    private boolean visibleCompany(String companyId) {
        OwnerScope scope = CurrentCaller.find().map(visibility::scopeOf).orElse(OwnerScope.all());
        return store.find(Company.class, companyId).filter(company -> scope.includes(company.getOwnerId())).isPresent();
    }

    /** Normalises an email address, or reports why it is none. */
    public static String email(String value, String field, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String email = value.strip().toLowerCase(Locale.ROOT);
        if (email.length() > MAX_EMAIL || !EMAIL.matcher(email).matches()) {
            problems.add(new FieldProblem(field, "is not a valid email address"));
        }
        return email;
    }

    /** Normalises a postal address (all parts optional, country an ISO code); null when empty. */
    public static Address address(Address raw, String field, List<FieldProblem> problems) {
        if (raw == null) {
            return null;
        }
        String country = raw.country() == null || raw.country().isBlank() ? null : raw.country().strip().toUpperCase(Locale.ROOT);
        if (country != null && !COUNTRY.matcher(country).matches()) {
            problems.add(new FieldProblem(field + ".country", "must be an ISO 3166-1 alpha-2 code such as DE"));
        }
        Address address = new Address(
                text(raw.street(), field + ".street", MAX_TEXT, false, problems),
                text(raw.city(), field + ".city", MAX_TEXT, false, problems),
                text(raw.region(), field + ".region", MAX_TEXT, false, problems),
                text(raw.postalCode(), field + ".postalCode", 20, false, problems),
                country);
        return address.equals(new Address(null, null, null, null, null)) ? null : address;
    }

    /** Tags as records keep them: trimmed, lower-case, each once, at most {@value #MAX_LIST}. */
    public static List<String> tags(List<String> raw, List<FieldProblem> problems) {
        if (raw == null) {
            return List.of();
        }
        Set<String> tags = new LinkedHashSet<>();
        list(raw, "tags", problems);
        for (int i = 0; i < raw.size(); i++) {
            String tag = text(raw.get(i), "tags[" + i + "]", MAX_TAG, true, problems);
            if (tag != null) {
                tags.add(tag.toLowerCase(Locale.ROOT));
            }
        }
        return List.copyOf(tags);
    }

    public static String text(String value, String field, int max, boolean required, List<FieldProblem> problems) {
        return TextFields.clean(value, field, max, required, problems);
    }

    private static void list(List<?> values, String field, List<FieldProblem> problems) {
        if (values.size() > MAX_LIST) {
            problems.add(new FieldProblem(field, "must have at most " + MAX_LIST + " entries"));
        }
    }

    private static String oneOf(String value, String field, List<String> allowed, String fallback, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        String clean = value.strip().toLowerCase(Locale.ROOT);
        if (!allowed.contains(clean)) {
            problems.add(new FieldProblem(field, "must be one of " + allowed));
        }
        return clean;
    }

    /** A record's main phone: in E.164, or, when the writer allowed it, kept as entered and marked unverified. */
    public record MainPhone(String phone, boolean unverified) {
    }

    /**
     * The main phone of a contact or company: in E.164 (read in {@code region}, null: the caller's default), else,
     * with {@code keepUnreadable}, the text as entered and unverified (imports and API writes that ask for it), else
     * null and a problem.
     */
    public MainPhone mainPhone(String value, boolean keepUnreadable, String region, List<FieldProblem> problems) {
        return mainPhone(value, keepUnreadable, region != null ? () -> region : memoized(phoneRegions::callersDefault), problems);
    }

    private MainPhone mainPhone(String value, boolean keepUnreadable, Supplier<String> region, List<FieldProblem> problems) {
        if (!keepUnreadable || value == null || value.isBlank()) {
            return new MainPhone(phone(value, "phone", region, problems), false);
        }
        List<FieldProblem> unreadable = new ArrayList<>();
        String phone = phone(value, "phone", region, unreadable);
        return unreadable.isEmpty() ? new MainPhone(phone, false)
                : new MainPhone(text(value, "phone", MAX_UNVERIFIED_PHONE, true, problems), true);
    }

    /**
     * A phone number in E.164, read in {@code region} (null: the caller's default, {@link PhoneRegions}) when it has no
     * country code; null (and a problem) if it is none.
     */
    public String phone(String value, String field, String region, List<FieldProblem> problems) {
        return phone(value, field, region != null ? () -> region : phoneRegions::callersDefault, problems);
    }

    private String phone(String value, String field, Supplier<String> region, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            Phonenumber.PhoneNumber number = phones.parse(value, value.strip().startsWith("+") ? null : region.get());
            if (!phones.isValidNumber(number)) {
                problems.add(new FieldProblem(field, "is not a valid phone number"));
                return null;
            }
            return phones.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
        } catch (NumberParseException e) {
            problems.add(new FieldProblem(field, "is not a phone number (" + e.getMessage() + ")"));
            return null;
        }
    }

    private static Supplier<String> memoized(Supplier<String> source) {
        return new Supplier<>() {
            private String value;
            private boolean read;

            @Override
            public String get() {
                if (!read) {
                    value = source.get();
                    read = true;
                }
                return value;
            }
        };
    }
}
