package io.pulsecrm.contacts.leads;

import java.time.Duration;
import java.time.Instant;

import org.springframework.context.ApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Form tokens for tests, as the service would have issued them when the form was rendered some time ago: a test
 * submits "after the minimum fill time" without waiting for it.
 */
public final class TestFormTokens {

    private TestFormTokens() {
    }

    /** A token of form {@code formId} issued {@code ago} before now. */
    public static String renderedAgo(ApplicationContext context, String formId, Duration ago) {
        LeadForm form = context.getBean(MongoTemplate.class).findById(formId, LeadForm.class);
        if (form == null) {
            throw new IllegalArgumentException("no lead form " + formId);
        }
        return context.getBean(FormTokens.class).issue(form, Instant.now().minus(ago)).token();
    }

    /** A token of a form rendered a minute ago: a person's submission. */
    public static String fromAPerson(ApplicationContext context, String formId) {
        return renderedAgo(context, formId, Duration.ofMinutes(1));
    }
}
