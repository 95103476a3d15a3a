package io.pulsecrm.contacts.companies;

import java.net.IDN;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.pulsecrm.contacts.contacts.ContactNormalizer;
import io.pulsecrm.contacts.customfields.CustomFields;
import io.pulsecrm.platform.web.InvalidRequestException;
import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import org.springframework.stereotype.Component;

/**
 * Clean company fields: trimmed text, the domain as a bare lower-case host name (duplicates are found by it), the phone
 * in E.164 and tags lower-case as contacts' are, custom
 * fields checked against the company definitions (the same rules as contacts', {@link CustomFields}).
 */
@Component
public class CompanyNormalizer {

    private final CustomFields customFields;
    private final ContactNormalizer contacts;

    CompanyNormalizer(CustomFields customFields, ContactNormalizer contacts) {
        this.customFields = customFields;
        this.contacts = contacts;
    }

    public static final List<String> SIZES = List.of("1-10", "11-50", "51-200", "201-500", "501-1000", "1001-5000", "5001+");
    private static final Pattern HOST = Pattern.compile("^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$");

    /** Normalises a new company's details. */
    public CompanyDetails normalize(CompanyDetails raw) {
        return normalize(raw, null);
    }

    /** Normalises details; {@code current} (null for a new company) lets values of since deleted custom fields pass. */
    public CompanyDetails normalize(CompanyDetails raw, CompanyDetails current) {
        return normalize(raw, current, null);
    }

    /**
     * Normalises details, reading a phone number without a country code as a number of {@code phoneRegion} (null: the
     * caller's default), as contacts' phones are read.
     */
    public CompanyDetails normalize(CompanyDetails raw, CompanyDetails current, String phoneRegion) {
        List<FieldProblem> problems = new ArrayList<>();
        String name = ContactNormalizer.text(raw.name(), "name", 200, true, problems);
        String domain = domain(raw.domain(), problems);
        String industry = ContactNormalizer.text(raw.industry(), "industry", 100, false, problems);
        String size = raw.size() == null || raw.size().isBlank() ? null : raw.size().strip();
        if (size != null && !SIZES.contains(size)) {
            problems.add(new FieldProblem("size", "must be one of " + SIZES));
        }
        var address = ContactNormalizer.address(raw.address(), "address", problems);
        String ownerId = ContactNormalizer.text(raw.ownerId(), "ownerId", 100, false, problems);
        ContactNormalizer.MainPhone phone = contacts.mainPhone(raw.phone(), raw.phoneUnverified(), phoneRegion, problems);
        List<String> tags = ContactNormalizer.tags(raw.tags(), problems);
        var custom = customFields.normalize("company", raw.customFields(), current == null ? null : current.customFields(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("The company has invalid fields", problems);
        }
        return new CompanyDetails(name, domain, industry, size, address, ownerId, custom, phone.phone(), tags, phone.unverified());
    }

    /** {@code https://www.Example.com/about} becomes {@code example.com}. */
    public static String domain(String value, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String host = value.strip().toLowerCase(Locale.ROOT).replaceFirst("^[a-z][a-z0-9+.-]*://", "");
        host = host.replaceFirst("[/?#].*$", "").replaceFirst(":[0-9]+$", "").replaceFirst("\\.$", "");
        if (host.startsWith("www.")) {
            host = host.substring(4);
        }
        try {
            host = IDN.toASCII(host);
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem("domain", "is not a domain name"));
            return null;
        }
        if (!HOST.matcher(host).matches()) {
            problems.add(new FieldProblem("domain", "is not a domain name such as example.com"));
            return null;
        }
        return host;
    }
}
