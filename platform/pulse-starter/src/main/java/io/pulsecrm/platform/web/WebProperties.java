package io.pulsecrm.platform.web;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxRequestBody     larger request bodies are refused with 413
 * @param maxRequestBodyByPath larger limits for paths that take uploads, by path pattern
 *                             (e.g. {@code "[/api/imports/**]": 512MB}); the first match wins
 * @param idempotencyKeyTtl  how long a response is kept for replay to a retried request with the same key
 * @param idempotencyKeyMaxLength longer keys are refused with 400
 * @param idempotencyClaimTimeout a request with an Idempotency-Key still unanswered after this is taken to be abandoned
 *                           (its replica died): a retry with the key runs it again. Longer than any request takes
 */
@ConfigurationProperties("pulse.web")
public record WebProperties(
        @DefaultValue("1MB") DataSize maxRequestBody,
        java.util.Map<String, DataSize> maxRequestBodyByPath,
        @DefaultValue("24h") Duration idempotencyKeyTtl,
        @DefaultValue("255") int idempotencyKeyMaxLength,
        @DefaultValue("2m") Duration idempotencyClaimTimeout) {
}
