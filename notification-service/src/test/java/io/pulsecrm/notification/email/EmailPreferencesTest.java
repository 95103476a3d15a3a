package io.pulsecrm.notification.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import io.pulsecrm.notification.TestUsers;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventJson;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.PulseInfrastructure;
import io.pulsecrm.platform.test.TestIdentity;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Email preferences over real SMTP (GreenMail): quiet hours in the recipient's time zone, the unsubscribe link
 * (RFC 8058) without signing in, bounces of refused addresses and retries of transient failures.
 */
@PulseInfrastructure
class EmailPreferencesTest {

    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
    private static TestSmtp smtp;
    private static EmailInstance service;

    @BeforeAll
    static void start() {
        smtp = TestSmtp.start();
        service = EmailInstance.start(EmailInstance.newDatabase("notification-email-prefs"), smtp);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (smtp != null) {
            smtp.close();
        }
    }

    @Test
    void quietHoursHoldEmailsInTheRecipientsTimeZoneAndReleaseThemWhenTheyEnd() throws Exception {
        String user = TestUsers.rep();
        ZoneId zone = ZoneId.of("Asia/Kolkata"); // +05:30: the window is read in the user's zone, not the server's
        LocalTime now = LocalTime.now(zone).truncatedTo(ChronoUnit.SECONDS);
        LocalTime end = now.plusSeconds(4);
        setPreferences(user, Map.of("email", "quiet@example.com", "timeZone", zone.getId(),
                "quietHours", Map.of("start", now.minusHours(1).toString(), "end", end.toString())));

        EventEnvelope cause = service.notify(user, "task_assigned", "During quiet hours");
        EmailMessage held = service.email(cause, user);
        assertThat(held.status()).isEqualTo(EmailMessage.PENDING);
        assertThat(held.heldUntil()).isNotNull().isEqualTo(held.nextAttemptAt());
        assertThat(held.heldUntil().atZone(zone).toLocalTime()).isEqualTo(end);
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(smtp.to("quiet@example.com")).isEmpty());

        // released when they end, once
        await().atMost(Duration.ofSeconds(20)).until(() -> smtp.to("quiet@example.com").size() == 1);
        EmailMessage sent = service.email(cause, user);
        assertThat(sent.status()).isEqualTo(EmailMessage.SENT);
        assertThat(sent.sentAt()).isAfterOrEqualTo(held.heldUntil());
        assertThat(sent.attempts()).isEqualTo(1);
        assertThat(TestSmtp.subject(smtp.to("quiet@example.com").get(0))).isEqualTo("During quiet hours");
    }

    @Test
    void changingPreferencesReleasesHeldEmailsAtOnce() {
        String user = TestUsers.rep();
        ZoneId zone = ZoneId.of("America/New_York");
        LocalTime now = LocalTime.now(zone).truncatedTo(ChronoUnit.MINUTES);
        setPreferences(user, Map.of("email", "night@example.com", "timeZone", zone.getId(),
                "quietHours", Map.of("start", now.minusHours(1).toString(), "end", now.plusHours(2).toString())));
        EventEnvelope cause = service.notify(user, "task_reminder", "Held for hours");
        assertThat(service.email(cause, user).heldUntil()).isAfter(Instant.now().plus(Duration.ofMinutes(59)));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(smtp.to("night@example.com")).isEmpty());

        setPreferences(user, Map.of("email", "night@example.com", "timeZone", zone.getId())); // quiet hours off
        await().atMost(Duration.ofSeconds(10)).until(() -> smtp.to("night@example.com").size() == 1);
        assertThat(service.email(cause, user).heldUntil()).isNull();
    }

    @Test
    void theUnsubscribeLinkTurnsThatTypeOffWithoutSigningIn() throws Exception {
        String user = TestUsers.rep();
        setPreferences(user, Map.of("email", "leaving@example.com"));
        service.notify(user, "task_assigned", "First");
        await().atMost(Duration.ofSeconds(20)).until(() -> smtp.to("leaving@example.com").size() == 1);
        MimeMessage mail = smtp.to("leaving@example.com").get(0);

        // RFC 8058: the link in List-Unsubscribe, one-click POST announced; the same link in the text
        String listUnsubscribe = TestSmtp.header(mail, "List-Unsubscribe");
        assertThat(listUnsubscribe).startsWith("<http").endsWith(">");
        String url = listUnsubscribe.substring(1, listUnsubscribe.length() - 1);
        assertThat(url).contains("/api/public/notifications/unsubscribe/");
        assertThat(TestSmtp.header(mail, "List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(TestSmtp.text(mail)).contains(url);
        String path = java.net.URI.create(url).getRawPath();
        ApiClient anonymous = service.anonymous();

        // opening the link only shows a page: mail scanners that follow links unsubscribe no one
        Response page = anonymous.get(path);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("<form method=\"post\"").contains("task assigned");
        assertThat(emailChannels(user, "task_assigned")).contains("email");

        // the one-click POST a mail client sends, without any token
        Response done = anonymous.send("POST", path, "List-Unsubscribe=One-Click",
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        assertThat(emailChannels(user, "task_assigned")).containsExactly("in_app");
        assertThat(emailChannels(user, "task_reminder")).containsExactly("in_app", "email"); // only that type
        // again: nothing more changes; JSON for API clients
        Response again = anonymous.send("POST", path, "", Map.of("Accept", "application/json"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("emailOff").get(0).asString()).isEqualTo("task_assigned");

        // no more emails of that type; other types still come
        service.notify(user, "task_assigned", "Second");
        service.notify(user, "task_reminder", "Reminder");
        await().atMost(Duration.ofSeconds(20)).until(() -> smtp.to("leaving@example.com").size() == 2);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(smtp.to("leaving@example.com")).extracting(TestSmtp::subject)
                        .containsExactlyInAnyOrder("First", "Reminder"));
    }

    @Test
    void aTamperedOrForgedUnsubscribeLinkIsRefused() {
        String victim = TestUsers.rep();
        String attacker = TestUsers.rep();
        setPreferences(victim, Map.of("email", "victim@example.com"));
        String token = service.bean(io.pulsecrm.notification.unsubscribe.UnsubscribeTokens.class)
                .tokenFor(attacker, "task_assigned");
        String[] parts = token.split("\\.");
        String victimPayload = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString((victim + "\ntask_assigned").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        char last = parts[2].charAt(parts[2].length() - 1);
        List<String> bad = List.of(
                parts[0] + "." + victimPayload + "." + parts[2],                           // someone else, same signature
                parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 1) + (last == 'A' ? 'B' : 'A'),
                parts[0] + "." + parts[1],                                                 // signature cut off
                "v2." + parts[1] + "." + parts[2],
                "nonsense");
        ApiClient anonymous = service.anonymous();
        for (String tampered : bad) {
            Response refused = anonymous.send("POST", "/api/public/notifications/unsubscribe/" + tampered, "", Map.of());
            assertThat(refused.status()).as(tampered).isEqualTo(400);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(anonymous.get("/api/public/notifications/unsubscribe/" + tampered).status()).isEqualTo(400);
        }
        assertThat(emailChannels(victim, "task_assigned")).contains("email");
        // the public path opens nothing else: preferences still need a token
        assertThat(anonymous.get("/api/notifications/preferences").status()).isEqualTo(401);
    }

    @Test
    void aPermanentlyRefusedAddressIsRecordedAsBouncingAndGetsNoMoreMail() {
        String user = TestUsers.rep();
        smtp.refuse("gone@example.com", "550 5.1.1 <gone@example.com>: Recipient address rejected: User unknown");
        setPreferences(user, Map.of("email", "gone@example.com"));
        EventEnvelope first = service.notify(user, "task_assigned", "Bounces");

        EmailMessage failed = await().atMost(Duration.ofSeconds(20)).until(() -> service.email(first, user),
                m -> m.status().equals(EmailMessage.FAILED));
        assertThat(failed.smtpCode()).isEqualTo(550);
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.lastError()).contains("User unknown");
        JsonNode preferences = service.as(user).get("/api/notifications/preferences").json();
        assertThat(preferences.get("emailStatus").asString()).isEqualTo("bouncing");
        assertThat(preferences.get("bounce").get("code").asInt()).isEqualTo(550);
        assertThat(preferences.get("bounce").get("address").asString()).isEqualTo("gone@example.com");
        // not retried
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(smtp.recipientAttempts("gone@example.com")).isEqualTo(1));

        // further emails are not even tried
        EventEnvelope second = service.notify(user, "task_assigned", "Not tried");
        await().atMost(Duration.ofSeconds(10)).until(() -> service.email(second, user).status().equals(EmailMessage.SUPPRESSED));
        assertThat(smtp.recipientAttempts("gone@example.com")).isEqualTo(1);

        // until the user changes the address
        setPreferences(user, Map.of("email", "new@example.com"));
        assertThat(service.as(user).get("/api/notifications/preferences").json().get("emailStatus").asString()).isEqualTo("ok");
        service.notify(user, "task_assigned", "To the new address");
        await().atMost(Duration.ofSeconds(20)).until(() -> smtp.to("new@example.com").size() == 1);

        // back to the old one: still bouncing, until the user clears it (they fixed the mailbox)
        setPreferences(user, Map.of("email", "gone@example.com"));
        assertThat(service.as(user).get("/api/notifications/preferences").json().get("emailStatus").asString()).isEqualTo("bouncing");
        assertThat(service.as(TestIdentity.OTHER_EAST_REP).delete("/api/notifications/preferences/bounce?userId=" + user,
                Map.of()).status()).isEqualTo(403);
        assertThat(service.as(user).delete("/api/notifications/preferences/bounce", Map.of()).status()).isEqualTo(204);
        assertThat(service.as(user).get("/api/notifications/preferences").json().get("emailStatus").asString()).isEqualTo("ok");
        Response none = service.as(user).delete("/api/notifications/preferences/bounce", Map.of());
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void transientFailuresAreRetriedUntilTheServerTakesTheEmail() {
        String user = TestUsers.rep();
        smtp.refuseNext("busy@example.com", 2, "450 4.2.1 <busy@example.com>: Mailbox busy, try again later");
        setPreferences(user, Map.of("email", "busy@example.com"));
        EventEnvelope cause = service.notify(user, "task_assigned", "Try again");

        await().atMost(Duration.ofSeconds(30)).until(() -> smtp.to("busy@example.com").size() == 1);
        EmailMessage sent = service.email(cause, user);
        assertThat(sent.status()).isEqualTo(EmailMessage.SENT);
        assertThat(sent.attempts()).isEqualTo(3);
        assertThat(smtp.recipientAttempts("busy@example.com")).isEqualTo(3);
        assertThat(service.as(user).get("/api/notifications/preferences").json().get("emailStatus").asString()).isEqualTo("ok");
    }

    @Test
    void newPreferencesAreValidatedAndShownWithTheirDefaults() {
        String user = TestUsers.rep();
        JsonNode defaults = service.as(user).get("/api/notifications/preferences").json();
        assertThat(defaults.get("timeZone").asString()).isEqualTo("UTC");
        assertThat(defaults.get("quietHours").isNull()).isTrue();
        assertThat(defaults.get("digest").isNull()).isTrue();
        assertThat(defaults.get("emailStatus").asString()).isEqualTo("ok");

        ApiClient api = service.as(user);
        for (String body : List.of(
                "{\"timeZone\":\"Mars/Olympus_Mons\"}",
                "{\"quietHours\":{\"start\":\"25:00\",\"end\":\"07:00\"}}",
                "{\"quietHours\":{\"start\":\"22:00\"}}",
                "{\"quietHours\":{\"start\":\"22:00\",\"end\":\"22:00\"}}",
                "{\"digest\":{\"time\":\"08:00\",\"types\":[]}}",
                "{\"digest\":{\"time\":\"08:00\",\"types\":[\"no_such_type\"]}}",
                "{\"digest\":{\"time\":\"eight\",\"types\":[\"task_reminder\"]}}",
                "{\"quietHours\":{\"start\":\"22:00\",\"end\":\"07:00\",\"$where\":\"1\"}}")) {
            Response refused = api.send("PUT", "/api/notifications/preferences", body, JSON);
            assertThat(refused.status()).as(body + " → " + refused).isEqualTo(400);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        }

        JsonNode saved = setPreferences(user, Map.of("timeZone", "Europe/Berlin",
                "quietHours", Map.of("start", "22:00", "end", "07:00"),
                "digest", Map.of("time", "08:30", "types", List.of("task_reminder", "deal_won"))));
        assertThat(saved.get("timeZone").asString()).isEqualTo("Europe/Berlin");
        assertThat(saved.get("quietHours").get("start").asString()).isEqualTo("22:00");
        assertThat(saved.get("quietHours").get("end").asString()).isEqualTo("07:00");
        assertThat(saved.get("digest").get("time").asString()).isEqualTo("08:30");
        assertThat(saved.get("digest").get("types").valueStream().map(JsonNode::asString).toList())
                .containsExactly("task_reminder", "deal_won");
    }

    private static JsonNode setPreferences(String user, Map<String, ?> preferences) {
        Response saved = service.as(user).send("PUT", "/api/notifications/preferences",
                EventJson.toTree(preferences).toString(), JSON);
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        return saved.json();
    }

    private static List<String> emailChannels(String user, String type) {
        return service.admin().get("/api/notifications/preferences?userId=" + user).json().get("channels").get(type)
                .valueStream().map(JsonNode::asString).toList();
    }
}
