package io.pulsecrm.platform.tabular;

import java.io.IOException;
import java.io.Reader;
import java.time.LocalDate;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import ezvcard.VCard;
import ezvcard.io.text.VCardReader;
import ezvcard.parameter.VCardParameters;
import ezvcard.property.Address;
import ezvcard.property.Birthday;
import ezvcard.property.Categories;
import ezvcard.property.VCardProperty;

/**
 * A vCard file (2.1, 3.0 or 4.0: phones, Google Contacts, Outlook, Apple) read as a table with one row per contact and
 * the usual properties as columns (ez-vcard parses folded lines, quoted-printable and CHARSET parameters). The first
 * email and phone (the preferred one when marked) are columns of their own, the rest are joined with {@code ;}.
 */
public final class VcardTable implements Table {

    /** The columns, in order: each a vCard property (or part of one). */
    public static final List<String> COLUMNS = List.of("Full name", "Given name", "Family name", "Middle name", "Email",
            "Other emails", "Phone", "Other phones", "Organization", "Title", "Street", "City", "Region", "Postal code",
            "Country", "Birthday", "Categories", "Note");

    private final VCardReader reader;
    private long cards;

    public VcardTable(Reader in) {
        reader = new VCardReader(in);
    }

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    public Row next() throws IOException {
        VCard card = reader.readNext();
        if (card == null) {
            if (cards == 0) {
                throw new TabularException("file", "has no vCard in it (BEGIN:VCARD ... END:VCARD)");
            }
            return null;
        }
        cards++;
        var name = card.getStructuredName();
        List<String> emails = values(card.getEmails(), email -> email.getValue());
        List<String> phones = values(card.getTelephoneNumbers(), tel -> tel.getText() != null ? tel.getText()
                : tel.getUri() == null ? null : tel.getUri().getNumber());
        Address address = card.getAddresses().isEmpty() ? null : sorted(card.getAddresses()).getFirst();
        var organization = card.getOrganization();
        List<String> cells = List.of(
                card.getFormattedName() == null ? "" : text(card.getFormattedName().getValue()),
                name == null ? "" : text(name.getGiven()),
                name == null ? "" : text(name.getFamily()),
                name == null ? "" : String.join(" ", name.getAdditionalNames()),
                emails.isEmpty() ? "" : emails.getFirst(),
                String.join(";", emails.subList(Math.min(1, emails.size()), emails.size())),
                phones.isEmpty() ? "" : phones.getFirst(),
                String.join(";", phones.subList(Math.min(1, phones.size()), phones.size())),
                organization == null || organization.getValues().isEmpty() ? "" : text(organization.getValues().getFirst()),
                card.getTitles().isEmpty() ? "" : text(card.getTitles().getFirst().getValue()),
                address == null ? "" : text(address.getStreetAddressFull()),
                address == null ? "" : text(address.getLocality()),
                address == null ? "" : text(address.getRegion()),
                address == null ? "" : text(address.getPostalCode()),
                address == null ? "" : text(address.getCountry()),
                birthday(card.getBirthday()),
                String.join(";", card.getCategoriesList().stream().map(Categories::getValues).flatMap(List::stream).toList()),
                card.getNotes().isEmpty() ? "" : text(card.getNotes().getFirst().getValue()));
        return new Row(cells, null);
    }

    private static <P extends VCardProperty> List<String> values(List<P> properties, Function<P, String> value) {
        return sorted(properties).stream().map(value).map(VcardTable::text).filter(v -> !v.isEmpty()).distinct().toList();
    }

    /** The preferred first (PREF=1 in 4.0, TYPE=pref in 2.1/3.0), otherwise in file order. */
    private static <P extends VCardProperty> List<P> sorted(List<P> properties) {
        List<P> sorted = new ArrayList<>(properties);
        sorted.sort(Comparator.comparingInt(VcardTable::preference));
        return sorted;
    }

    private static int preference(VCardProperty property) {
        VCardParameters parameters = property.getParameters();
        Integer pref = parameters.getPref();
        if (pref != null) {
            return pref;
        }
        boolean typed = parameters.getTypes().stream().anyMatch(type -> type.toLowerCase(Locale.ROOT).equals("pref"));
        return typed ? 1 : 101;
    }

    private static String birthday(Birthday birthday) {
        if (birthday == null) {
            return "";
        }
        Temporal date = birthday.getDate();
        if (date != null) {
            try {
                return LocalDate.from(date).toString();
            } catch (RuntimeException e) {
                return date.toString();
            }
        }
        return birthday.getText() == null ? "" : birthday.getText();
    }

    private static String text(String value) {
        return value == null ? "" : value.strip();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
