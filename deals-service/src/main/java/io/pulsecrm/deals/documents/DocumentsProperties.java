package io.pulsecrm.deals.documents;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param mailFrom           the From address of documents emailed to contacts (SMTP itself is {@code spring.mail.*};
 *                           without {@code spring.mail.host} sending answers 503 "email is not configured")
 * @param maxTemplateChars   the longest template body (HTML) accepted
 * @param maxCssChars        the longest template stylesheet accepted
 * @param completionInterval how often the completion job looks for documents whose generation stopped half-way
 *                           (numbered and stored, but the PDF or the deal event not yet written)
 * @param completionDelay    how old such a document must be before the job finishes it (the request that numbered
 *                           it normally does so itself within moments)
 */
@ConfigurationProperties("pulse.deals.documents")
public record DocumentsProperties(
        @DefaultValue("documents@pulsecrm.local") String mailFrom,
        @DefaultValue("200000") int maxTemplateChars,
        @DefaultValue("50000") int maxCssChars,
        @DefaultValue("30s") Duration completionInterval,
        @DefaultValue("1m") Duration completionDelay) {
}
