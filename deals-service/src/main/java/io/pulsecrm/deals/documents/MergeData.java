package io.pulsecrm.deals.documents;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.pulsecrm.deals.contacts.CompanyNames;
import io.pulsecrm.deals.contacts.ContactName;
import io.pulsecrm.deals.contacts.ContactNames;
import io.pulsecrm.deals.deals.Deal;
import io.pulsecrm.deals.deals.DealContact;
import io.pulsecrm.deals.deals.DealEvents.DealSnapshot;
import io.pulsecrm.deals.pipelines.Pipeline;
import io.pulsecrm.platform.identity.Member;
import io.pulsecrm.platform.identity.UserDirectory;
import org.springframework.stereotype.Component;

/**
 * The values behind the merge fields ({@link MergeFields}) for one deal: its own fields, its primary contact and
 * company from the read models kept from contacts-service's events, its owner from the user directory, its line
 * items and the document being made. Amounts and dates are written for the template's locale.
 */
@Component
public class MergeData {

    /** The document's own fields. */
    public record DocumentFacts(String number, LocalDate date, String kind, String name) {
    }

    private final ContactNames contactNames;
    private final CompanyNames companyNames;
    private final UserDirectory directory;
    private final LineItemMergeData lineItems;

    MergeData(ContactNames contactNames, CompanyNames companyNames, UserDirectory directory, LineItemMergeData lineItems) {
        this.contactNames = contactNames;
        this.companyNames = companyNames;
        this.directory = directory;
        this.lineItems = lineItems;
    }

    public Map<String, Object> of(Deal deal, Pipeline pipeline, DocumentFacts document, Locale locale) {
        DealSnapshot snapshot = deal.snapshot(pipeline);
        Map<String, Object> data = new HashMap<>();
        data.put("document", map("number", document.number(), "date", date(document.date(), locale), "kind",
                document.kind(), "name", document.name()));

        Map<String, Object> dealData = new LinkedHashMap<>();
        dealData.put("title", snapshot.title());
        dealData.put("amount", money(snapshot.amount(), snapshot.currency(), locale));
        dealData.put("amountValue", number(snapshot.amount(), snapshot.currency(), locale));
        dealData.put("currency", snapshot.currency());
        dealData.put("stage", snapshot.stage() == null ? null : snapshot.stage().name());
        dealData.put("pipeline", pipeline.name());
        dealData.put("status", snapshot.status() == null ? null : snapshot.status().name().toLowerCase(Locale.ROOT));
        dealData.put("expectedCloseDate", date(snapshot.expectedCloseDate(), locale));
        dealData.put("createdAt", date(snapshot.createdAt(), locale));
        dealData.put("closedAt", date(snapshot.closedAt(), locale));
        dealData.put("source", snapshot.source());
        Map<String, Object> custom = new LinkedHashMap<>();
        snapshot.customFields().forEach((key, value) -> custom.put(key, value == null ? null : String.valueOf(value)));
        dealData.put("customFields", custom);
        data.put("deal", dealData);

        List<DealContact> contacts = deal.contacts();
        if (!contacts.isEmpty()) {
            DealContact primary = contacts.getFirst();
            ContactName name = contactNames.lookup(Set.of(primary.contactId())).get(primary.contactId());
            if (name != null) {
                data.put("contact", map("name", name.displayName(), "firstName", name.firstName(), "lastName",
                        name.lastName(), "email", name.email(), "role", primary.role()));
            }
        }
        if (deal.companyId() != null) {
            String company = companyNames.lookup(Set.of(deal.companyId())).get(deal.companyId());
            if (company != null) {
                data.put("company", map("name", company));
            }
        }
        directory.find(deal.ownerId()).map(owner -> map("name", owner.name(), "email", owner.email()))
                .ifPresent(owner -> data.put("owner", owner));
        LineItemMergeData.Items items = lineItems.of(deal, locale);
        data.put(MergeFields.LINE_ITEMS, items.rows());
        data.put("totals", items.totals());
        return data;
    }

    /** The primary contact's email (the default recipient of an emailed document), if known. */
    public java.util.Optional<ContactName> contact(String contactId) {
        return java.util.Optional.ofNullable(contactNames.lookup(Set.of(contactId)).get(contactId));
    }

    public java.util.Optional<Member> member(String userId) {
        return directory.find(userId);
    }

    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static String money(BigDecimal amount, String currency, Locale locale) {
        if (amount == null) {
            return null;
        }
        String figure = number(amount, currency, locale);
        return currency == null ? figure : figure + " " + currency;
    }

    static String number(BigDecimal amount, String currency, Locale locale) {
        if (amount == null) {
            return null;
        }
        NumberFormat format = NumberFormat.getNumberInstance(locale);
        int digits = currencyDigits(currency, amount);
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(Math.max(digits, amount.stripTrailingZeros().scale()));
        return format.format(amount);
    }

    private static int currencyDigits(String currency, BigDecimal amount) {
        if (currency == null) {
            return Math.max(0, amount.stripTrailingZeros().scale());
        }
        try {
            return Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        } catch (IllegalArgumentException e) {
            return 2;
        }
    }

    static String date(LocalDate date, Locale locale) {
        return date == null ? null : DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale).format(date);
    }

    static String date(Instant instant, Locale locale) {
        return instant == null ? null : date(instant.atZone(ZoneOffset.UTC).toLocalDate(), locale);
    }
}
