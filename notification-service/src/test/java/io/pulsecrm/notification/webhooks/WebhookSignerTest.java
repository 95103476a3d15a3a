package io.pulsecrm.notification.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    @Test
    void signsLikeTheStandardWebhooksReference() {
        // test vector of the Standard Webhooks reference libraries
        assertThat(WebhookSigner.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330L, "{\"test\": 2432232314}")).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void generatedSecretsAreValidAndDistinct() {
        String one = WebhookSigner.newSecret();
        assertThat(one).startsWith("whsec_");
        assertThat(WebhookSigner.key(one)).hasSize(32);
        assertThat(WebhookSigner.newSecret()).isNotEqualTo(one);
        assertThat(WebhookSigner.key("whsec_short")).isNull();
        assertThat(WebhookSigner.key("nope")).isNull();
    }

    @Test
    void afterARotationBothSecretsSignUntilTheOverlapEnds() {
        String current = WebhookSigner.newSecret();
        String previous = WebhookSigner.newSecret();
        java.time.Instant until = java.time.Instant.parse("2026-01-02T00:00:00Z");
        WebhookSubscription rotated = new WebhookSubscription("s", "http://x", java.util.List.of("*"), null, null,
                current, true, null, null, 1, until.minusSeconds(86400), until.minusSeconds(86400), null, null,
                previous, until, 0, null, "alex", "alex");
        assertThat(rotated.signingSecrets(until.minusSeconds(1))).containsExactly(current, previous);
        assertThat(rotated.signingSecrets(until)).containsExactly(current);
        assertThat(WebhookSigner.signatures(rotated.signingSecrets(until.minusSeconds(1)), "msg_1", 1L, "{}"))
                .isEqualTo(WebhookSigner.sign(current, "msg_1", 1L, "{}") + " "
                        + WebhookSigner.sign(previous, "msg_1", 1L, "{}"));
    }

    @Test
    void eventTypeFilters() {
        assertThat(EventTypeFilter.matches("pulse.task.*", "pulse.task.assigned.v1")).isTrue();
        assertThat(EventTypeFilter.matches("pulse.task.*", "pulse.tasks.x.v1")).isFalse();
        assertThat(EventTypeFilter.matches("pulse.*", "pulse.deal.won.v1")).isTrue();
        assertThat(EventTypeFilter.matches("*", "anything")).isTrue();
        assertThat(EventTypeFilter.matches("pulse.deal.won.v1", "pulse.deal.won.v1")).isTrue();
        assertThat(EventTypeFilter.matches("pulse.deal.won.v1", "pulse.deal.won.v2")).isFalse();
        assertThat(EventTypeFilter.isValid("pulse.task.*")).isTrue();
        assertThat(EventTypeFilter.isValid("pulse.*.won")).isFalse();
        assertThat(EventTypeFilter.isValid("$where")).isFalse();
        assertThat(EventTypeFilter.isValid("")).isFalse();
    }
}
