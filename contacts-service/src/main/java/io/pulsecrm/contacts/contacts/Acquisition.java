package io.pulsecrm.contacts.contacts;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import io.pulsecrm.platform.web.TextFields;

/**
 * How a contact first reached the business (first touch): the UTM parameters of the campaign link, the page they
 * came from and the page they landed on. Set when the contact is created (web form, import, API) and kept: a later
 * submission of the same person does not overwrite it (it is noted on the timeline instead).
 */
public record Acquisition(String utmSource, String utmMedium, String utmCampaign, String utmTerm, String utmContent,
                          String referrer, String landingPage) {

    static final int MAX_UTM = 200;
    static final int MAX_URL = 2000;

    /** The UTM names as campaign links and forms spell them, by component. */
    public static String utmName(String component) {
        return component.startsWith("utm") ? "utm_" + component.substring(3).toLowerCase(Locale.ROOT) : component;
    }

    /**
     * Trimmed and bounded; {@code referrer} and {@code landingPage} absolute http(s) URLs. Null when nothing is set.
     *
     * @param field names a component in problems ({@code acquisition.utmSource} for the API, {@code utm_source} for forms)
     */
    public static Acquisition normalize(Acquisition raw, UnaryOperator<String> field, List<FieldProblem> problems) {
        if (raw == null) {
            return null;
        }
        Acquisition clean = new Acquisition(
                TextFields.clean(raw.utmSource(), field.apply("utmSource"), MAX_UTM, false, problems),
                TextFields.clean(raw.utmMedium(), field.apply("utmMedium"), MAX_UTM, false, problems),
                TextFields.clean(raw.utmCampaign(), field.apply("utmCampaign"), MAX_UTM, false, problems),
                TextFields.clean(raw.utmTerm(), field.apply("utmTerm"), MAX_UTM, false, problems),
                TextFields.clean(raw.utmContent(), field.apply("utmContent"), MAX_UTM, false, problems),
                url(raw.referrer(), field.apply("referrer"), problems),
                url(raw.landingPage(), field.apply("landingPage"), problems));
        return clean.isEmpty() ? null : clean;
    }

    boolean isEmpty() {
        return utmSource == null && utmMedium == null && utmCampaign == null && utmTerm == null && utmContent == null
                && referrer == null && landingPage == null;
    }

    /** One line per value set, {@code utm_source: newsletter}, for a timeline note. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        for (var component : Acquisition.class.getRecordComponents()) {
            try {
                Object value = component.getAccessor().invoke(this);
                if (value != null) {
                    text.append(utmName(component.getName())).append(": ").append(value).append('\n');
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return text.toString().strip();
    }

    private static String url(String value, String field, List<FieldProblem> problems) {
        String clean = TextFields.clean(value, field, MAX_URL, false, problems);
        if (clean == null) {
            return null;
        }
        try {
            URI uri = new URI(clean);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return clean;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        problems.add(new FieldProblem(field, "must be an absolute http or https URL"));
        return clean;
    }
}
