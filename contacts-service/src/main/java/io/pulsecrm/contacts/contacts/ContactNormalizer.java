package io.pulsecrm.contacts.contacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import io.pulsecrm.platform.web.InvalidRequestException;
import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import org.springframework.stereotype.Component;

/**
 * One clean form for every contact field, so duplicates can be found and partners get comparable data:
 * trimmed text, lower-case emails, phones in E.164. Values that cannot be normalised are refused, naming
 * the field and the reason.
 */
@Component
public class ContactNormalizer {

    static final int MAX_NAME = 100;
    static final int MAX_JOB_TITLE = 150;
    private static final int MAX_EMAIL = 254;
    // pragmatic: one @, no spaces, a dot in the domain; full RFC 5322 accepts addresses no mailbox uses
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s.]{2,}$");

    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
    private final ContactsProperties properties;

    public ContactNormalizer(ContactsProperties properties) {
        this.properties = properties;
    }

    public ContactDetails normalize(ContactDetails raw) {
        List<FieldProblem> problems = new ArrayList<>();
        String firstName = text(raw.firstName(), "firstName", MAX_NAME, true, problems);
        String lastName = text(raw.lastName(), "lastName", MAX_NAME, false, problems);
        String email = email(raw.email(), problems);
        String phone = phone(raw.phone(), problems);
        String jobTitle = text(raw.jobTitle(), "jobTitle", MAX_JOB_TITLE, false, problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("The contact has invalid fields", problems);
        }
        return new ContactDetails(firstName, lastName, email, phone, jobTitle);
    }

    private static String text(String value, String field, int max, boolean required, List<FieldProblem> problems) {
        String trimmed = value == null ? null : value.strip();
        if (trimmed == null || trimmed.isEmpty()) {
            if (required) {
                problems.add(new FieldProblem(field, "is required"));
            }
            return null;
        }
        if (trimmed.length() > max) {
            problems.add(new FieldProblem(field, "must be at most " + max + " characters"));
        }
        if (trimmed.chars().anyMatch(Character::isISOControl)) {
            problems.add(new FieldProblem(field, "must not contain control characters"));
        }
        return trimmed;
    }

    private static String email(String value, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String email = value.strip().toLowerCase(Locale.ROOT);
        if (email.length() > MAX_EMAIL || !EMAIL.matcher(email).matches()) {
            problems.add(new FieldProblem("email", "is not a valid email address"));
        }
        return email;
    }

    private String phone(String value, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            Phonenumber.PhoneNumber number = phones.parse(value, properties.defaultPhoneRegion());
            if (!phones.isValidNumber(number)) {
                problems.add(new FieldProblem("phone", "is not a valid phone number"));
                return null;
            }
            return phones.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
        } catch (NumberParseException e) {
            problems.add(new FieldProblem("phone", "is not a phone number (" + e.getMessage() + ")"));
            return null;
        }
    }
}
