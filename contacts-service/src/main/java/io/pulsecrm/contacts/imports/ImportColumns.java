package io.pulsecrm.contacts.imports;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.pulsecrm.contacts.customfields.CustomFieldDefinition;
import io.pulsecrm.contacts.customfields.CustomFields;

/**
 * The suggested mapping of a file's columns to contact fields (and, {@link #suggestCompanies}, to company fields): column names as people write them in English and
 * Russian, as the CRMs teams leave export them (HubSpot, Pipedrive's {@code Person - ...}, amoCRM/Kommo's
 * {@code ... (контакт)}, Bitrix24, Salesforce reports and Data Loader), the vCard columns, the fields' own names and
 * the custom fields' keys and labels. Names are compared by their letters and digits only, case-insensitively.
 * A second phone or email column goes to otherPhones / otherEmails; a full-name column is suggested for firstName
 * only when no column holds the first name alone.
 */
final class ImportColumns {

    private static final Map<String, String> NAMES = new HashMap<>();
    private static final Map<String, String> COMPANY_NAMES = new HashMap<>();
    private static final Map<String, String> ACTIVITY_NAMES = new HashMap<>();
    private static final Set<String> FULL_NAMES = Set.of("fullname", "contactname", "полноеимя", "фио", "наименование",
            "название", "контакт", "имяфамилия");

    static {
        names("firstName", "first name", "firstname", "first", "given name", "forename", "имя", "имя контакта");
        names("lastName", "last name", "lastname", "surname", "family name", "last", "фамилия");
        names("email", "email", "e-mail", "email address", "mail", "primary email", "work email", "work e-mail",
                "business email", "email work", "эл. почта", "электронная почта", "почта", "e-mail рабочий",
                "рабочий e-mail", "рабочий email", "email рабочий");
        names("otherEmails", "other emails", "other email", "personal email", "home email", "home e-mail", "private email",
                "email home", "email other", "личный email", "личный e-mail", "частный e-mail", "частный email",
                "другой e-mail", "другой email", "email 2", "secondary email");
        names("phone", "phone", "phone number", "telephone", "tel", "work phone", "business phone", "phone work", "телефон",
                "рабочий телефон", "телефон рабочий", "mobile", "mobile phone", "mobile phone number", "cell", "cell phone",
                "phone mobile", "мобильный", "мобильный телефон", "телефон мобильный", "сотовый");
        names("otherPhones", "other phones", "other phone", "home phone", "phone home", "phone other", "домашний телефон",
                "другой телефон", "phone 2");
        names("jobTitle", "job title", "jobtitle", "title", "position", "role", "должность");
        names("birthday", "birthday", "birthdate", "date of birth", "дата рождения", "день рождения");
        names("street", "street", "street address", "address", "mailing street", "address street", "postal address",
                "улица", "адрес");
        names("city", "city", "town", "mailing city", "address city", "postal address city", "город");
        names("region", "region", "state", "state/region", "state/province", "province", "mailing state",
                "mailing state/province", "postal address state", "область", "регион");
        names("postalCode", "postal code", "zip", "zip code", "postcode", "mailing postal code", "mailing zip/postal code",
                "postal address postal code", "индекс", "почтовый индекс");
        names("country", "country", "country/region", "mailing country", "postal address country", "страна");
        names("tags", "tags", "labels", "label", "categories", "теги", "метки");
    }

    static {
        // companies: HubSpot, Pipedrive (Organization - ...), amoCRM/Kommo, Bitrix24, Salesforce accounts (report labels
        // and Data Loader names), people's own English and Russian names
        companyNames("name", "name", "company", "company name", "account name", "account", "organization",
                "organisation", "organization name", "organisation name", "название", "название компании", "компания",
                "наименование", "наименование компании", "наименование организации", "организация", "название организации");
        companyNames("domain", "domain", "website", "web site", "web", "site", "url", "website url", "company domain name",
                "company domain", "сайт", "веб-сайт", "вебсайт", "домен", "адрес сайта", "корпоративный сайт");
        companyNames("phone", "phone", "phone number", "telephone", "tel", "main phone", "company phone", "office phone",
                "business phone", "work phone", "телефон", "рабочий телефон", "телефон компании", "основной телефон");
        companyNames("tags", "tags", "labels", "label", "categories", "теги", "метки");
        companyNames("industry", "industry", "sector", "отрасль", "сфера деятельности", "сфера", "вид деятельности");
        companyNames("size", "size", "company size", "number of employees", "employees", "numberofemployees",
                "employee count", "headcount", "размер", "размер компании", "количество сотрудников", "число сотрудников",
                "кол-во сотрудников", "сотрудников");
        companyNames("street", "street", "street address", "address", "billing street", "billingstreet", "address street",
                "address - street", "улица", "адрес", "фактический адрес", "юридический адрес", "адрес компании");
        companyNames("city", "city", "town", "billing city", "billingcity", "address - city/town/village/locality",
                "address city", "город");
        companyNames("region", "region", "state", "state/region", "state/province", "province", "billing state",
                "billing state/province", "billingstate", "address - state/county", "область", "регион");
        companyNames("postalCode", "postal code", "zip", "zip code", "postcode", "billing zip/postal code",
                "billing postal code", "billingpostalcode", "address - zip/postal code", "индекс", "почтовый индекс");
        companyNames("country", "country", "country/region", "billing country", "billingcountry", "address - country",
                "страна");
    }

    static {
        // activities: HubSpot engagements, Pipedrive activities, amoCRM/Kommo events and notes, Bitrix24 deals (дела),
        // Salesforce tasks and events, people's own English and Russian names
        activityNames("occurredAt", "occurred at", "date", "date time", "datetime", "activity date", "create date",
                "created", "created at", "created date", "start", "start date", "start time", "due date", "timestamp",
                "дата", "дата и время", "дата создания", "время", "дата начала", "начало", "время начала", "когда");
        activityNames("type", "type", "activity type", "engagement type", "kind", "event type", "тип", "тип активности",
                "тип дела", "тип события", "вид", "вид активности");
        activityNames("subject", "subject", "title", "тема", "заголовок", "название");
        activityNames("body", "body", "note", "notes", "note body", "description", "content", "comment", "comments",
                "text", "details", "текст", "описание", "комментарий", "содержание", "примечание", "заметка");
        activityNames("direction", "direction", "call direction", "направление", "направление звонка");
        activityNames("duration", "duration", "call duration", "duration minutes", "duration min", "длительность",
                "продолжительность", "длительность звонка", "длительность мин");
        activityNames("outcome", "outcome", "result", "call outcome", "disposition", "результат", "итог");
        activityNames("endsAt", "ends at", "end", "end date", "end time", "окончание", "дата окончания", "время окончания");
        activityNames("location", "location", "place", "место", "место встречи");
        activityNames("recordingUrl", "recording", "recording url", "call recording", "запись", "запись звонка",
                "ссылка на запись");
        activityNames("contactEmail", "contact email", "email", "e-mail", "person email", "associated contact email",
                "email контакта", "e-mail контакта", "почта", "эл. почта", "электронная почта");
        activityNames("contactPhone", "contact phone", "phone", "person phone", "телефон", "телефон контакта");
        activityNames("contactId", "contact id", "contactid", "id контакта");
        activityNames("author", "author", "created by", "logged by", "user", "assigned to", "activity assigned to",
                "responsible", "автор", "создал", "создатель", "ответственный", "пользователь", "менеджер");
    }

    private ImportColumns() {
    }

    private static void activityNames(String field, String... names) {
        for (String name : names) {
            ACTIVITY_NAMES.put(key(name), field);
        }
    }

    /** Column name to activity field for every column Pulse recognises; each field at most once. */
    static Map<String, String> suggestActivities(List<String> columns) {
        Map<String, String> fields = new HashMap<>();
        ActivityRows.FIELDS.forEach(field -> fields.put(key(field), field));
        return eachFieldOnce(columns, ImportColumns::key, fields, ACTIVITY_NAMES);
    }

    /**
     * Each column to the field its name (reduced by {@code keyOf}) is: a field's own name first, else a known alias;
     * the first column of a field takes it.
     */
    private static Map<String, String> eachFieldOnce(List<String> columns, java.util.function.UnaryOperator<String> keyOf,
                                                     Map<String, String> ownNames, Map<String, String> aliases) {
        Map<String, String> suggested = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        for (String column : columns) {
            String key = keyOf.apply(column);
            String field = ownNames.containsKey(key) ? ownNames.get(key) : aliases.get(key);
            if (field != null && taken.add(field)) {
                suggested.put(column, field);
            }
        }
        return suggested;
    }

    private static void names(String field, String... names) {
        for (String name : names) {
            NAMES.put(key(name), field);
        }
    }

    private static void companyNames(String field, String... names) {
        for (String name : names) {
            COMPANY_NAMES.put(companyKey(name), field);
        }
    }

    /**
     * Column name to company field for every column Pulse recognises; each field at most once. A CRM's own owner
     * columns hold its users, not Pulse's, so ownerId is suggested only by its own name (or map it explicitly).
     */
    static Map<String, String> suggestCompanies(List<String> columns, Map<String, CustomFieldDefinition> definitions) {
        Map<String, String> fields = new HashMap<>();
        CompanyRows.FIELDS.forEach(field -> fields.put(companyKey(field), field));
        definitions.values().forEach(definition -> {
            fields.putIfAbsent(companyKey(definition.key()), CustomFields.PREFIX + definition.key());
            fields.putIfAbsent(companyKey(definition.label()), CustomFields.PREFIX + definition.key());
            fields.putIfAbsent(companyKey(CustomFields.PREFIX + definition.key()), CustomFields.PREFIX + definition.key());
        });
        return eachFieldOnce(columns, ImportColumns::companyKey, fields, COMPANY_NAMES);
    }

    /**
     * {@link #key} without the decoration company exports add: {@code Organization - } (Pipedrive), {@code (компания)}
     * / {@code (company)} (amoCRM, Kommo), {@code Account } in Salesforce's Data Loader names is kept (Account Name).
     */
    static String companyKey(String name) {
        if (name == null) {
            return "";
        }
        String plain = name.toLowerCase(Locale.ROOT).replace('ё', 'е')
                .replaceAll("^\\s*(organization|organisation|company|компания|организация)\\s+-\\s+", "")
                .replaceAll("\\((company|компания|organization|организация)\\)", "");
        return key(plain);
    }

    /** Column name to field for every column Pulse recognises; each field at most once. */
    static Map<String, String> suggest(List<String> columns, Map<String, CustomFieldDefinition> definitions) {
        Map<String, String> fields = new HashMap<>();
        ImportFields.FIELDS.forEach(field -> fields.put(key(field), field));
        definitions.values().forEach(definition -> {
            fields.putIfAbsent(key(definition.key()), CustomFields.PREFIX + definition.key());
            fields.putIfAbsent(key(definition.label()), CustomFields.PREFIX + definition.key());
            fields.putIfAbsent(key(CustomFields.PREFIX + definition.key()), CustomFields.PREFIX + definition.key());
        });
        Map<String, String> suggested = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        for (String column : columns) {
            String key = key(column);
            String field = fields.containsKey(key) && !key.equals("lifecyclestage") ? fields.get(key) : NAMES.get(key);
            if (column.equals("lifecycleStage")) {
                field = "lifecycleStage"; // only Pulse's own name: other CRMs' stages are not Pulse's
            }
            if (field == null) {
                continue;
            }
            if (taken.contains(field)) {
                field = switch (field) {
                    case "phone" -> "otherPhones";
                    case "email" -> "otherEmails";
                    default -> null;
                };
            }
            if (field != null && taken.add(field)) {
                suggested.put(column, field);
            }
        }
        if (!taken.contains("firstName")) {
            columns.stream().filter(column -> FULL_NAMES.contains(key(column)))
                    .findFirst().ifPresent(column -> suggested.put(column, "firstName"));
        }
        return suggested;
    }

    /**
     * A column name reduced to what identifies it: lower-case letters and digits, without the record-type decoration
     * exports add ({@code Person - } in Pipedrive, {@code (контакт)} / {@code (contact)} in amoCRM and Kommo).
     */
    static String key(String name) {
        if (name == null) {
            return "";
        }
        String plain = name.toLowerCase(Locale.ROOT).replace('ё', 'е')
                .replaceAll("^\\s*(person|contact|контакт)\\s+-\\s+", "")
                .replaceAll("\\((contact|контакт|person)\\)", "");
        return plain.replaceAll("[^\\p{L}\\p{N}]", "");
    }
}
