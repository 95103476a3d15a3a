package io.pulsecrm.notification.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import io.pulsecrm.notification.TestUsers;
import io.pulsecrm.notification.inbox.NotificationDraft;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventJson;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.PulseInfrastructure;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import tools.jackson.databind.JsonNode;

/**
 * Two replicas on one store and one SMTP server (GreenMail): the daily digest collects the day's items from both
 * and is sent once, even with both closing digests at the same moment; an email held for quiet hours on one replica
 * is sent by the other after the first is gone.
 */
@PulseInfrastructure
class EmailDigestReplicasTest {

    private static final String DATABASE = EmailInstance.newDatabase("notification-email-replicas");
    private static TestSmtp smtp;
    private static EmailInstance first;
    private static EmailInstance second;

    @BeforeAll
    static void start() {
        smtp = TestSmtp.start();
        first = EmailInstance.start(DATABASE, smtp);
        second = EmailInstance.start(DATABASE, smtp);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {second, first, smtp}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // already closed by a test
            }
        }
    }

    @Test
    void theDigestListsTheDaysItemsAndIsSentOnceByTwoReplicas() throws Exception {
        String user = TestUsers.rep();
        ZoneId zone = ZoneId.of("America/New_York");
        LocalTime digestTime = LocalTime.now(zone).truncatedTo(ChronoUnit.SECONDS).plusSeconds(5);
        Response saved = first.as(user).send("PUT", "/api/notifications/preferences", EventJson.toTree(Map.of(
                "email", "digest@example.com", "timeZone", zone.getId(),
                "channels", Map.of("deal_won", List.of("in_app", "email")),
                "digest", Map.of("time", digestTime.toString(), "types", List.of("task_assigned", "task_reminder")))).toString(),
                Map.of("Content-Type", "application/json"));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);

        // the day's items, through both replicas; one event redelivered to the other replica
        EventEnvelope redelivered = first.notify(user, "task_assigned", "Call Ada");
        second.notify(redelivered, new NotificationDraft(user, "task_assigned", "Call Ada", "Details of Call Ada", "task",
                redelivered.subject(), Map.of()));
        second.notify(user, "task_reminder", "Send the quote");
        first.notify(user, "task_assigned", "Visit ACME");
        // a type not in the digest is emailed at once
        first.notify(user, "deal_won", "ACME signed");
        await().atMost(Duration.ofSeconds(10)).until(() -> smtp.to("digest@example.com").size() == 1);
        assertThat(TestSmtp.subject(smtp.to("digest@example.com").get(0))).isEqualTo("ACME signed");

        EmailDigest open = first.mongo().findOne(Query.query(Criteria.where("userId").is(user)), EmailDigest.class);
        assertThat(open).isNotNull();
        String digestId = open.id();
        assertThat(open.status()).isEqualTo(EmailDigest.OPEN);
        assertThat(open.items()).hasSize(3);
        assertThat(open.dueAt().atZone(zone).toLocalTime()).isEqualTo(digestTime);

        // both replicas close due digests at once, over and over, besides their scheduled jobs
        AtomicBoolean stop = new AtomicBoolean();
        List<CompletableFuture<Void>> closers = new ArrayList<>();
        for (EmailInstance replica : List.of(first, second, first, second)) {
            closers.add(CompletableFuture.runAsync(() -> {
                while (!stop.get()) {
                    replica.bean(EmailDigests.class).closeDue();
                }
            }));
        }
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> smtp.to("digest@example.com").size() >= 2);
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(smtp.to("digest@example.com")).hasSize(2));
        } finally {
            stop.set(true);
            CompletableFuture.allOf(closers.toArray(CompletableFuture[]::new)).join();
        }

        MimeMessage digest = smtp.to("digest@example.com").stream()
                .filter(m -> TestSmtp.subject(m).startsWith("Your Pulse CRM digest")).findFirst().orElseThrow();
        assertThat(TestSmtp.subject(digest)).isEqualTo("Your Pulse CRM digest for " + open.date() + ": 3 updates");
        String text = TestSmtp.text(digest);
        assertThat(text).contains("Hi " + user + ",");
        for (String title : List.of("Call Ada", "Send the quote", "Visit ACME")) {
            // listed once, at the recipient's local time
            assertThat(java.util.regex.Pattern.compile("(?m)^- \\d\\d:\\d\\d " + title + "$").matcher(text).results().count())
                    .as(title).isEqualTo(1);
        }
        assertThat(text).contains("http://localhost:8080/tasks/" + redelivered.subject());
        assertThat(TestSmtp.header(digest, "List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(smtp.recipientAttempts("digest@example.com")).isEqualTo(2);
        EmailDigest queued = first.mongo().findById(digestId, EmailDigest.class);
        assertThat(queued.status()).isEqualTo(EmailDigest.QUEUED);

        // what happens after it was sent waits for the next day's
        first.notify(user, "task_reminder", "After the digest");
        EmailDigest tomorrow = first.mongo().findOne(Query.query(Criteria.where("userId").is(user)
                .and("status").is(EmailDigest.OPEN)), EmailDigest.class);
        assertThat(tomorrow.items()).extracting(EmailDigest.Item::title).containsExactly("After the digest");
        assertThat(LocalDate.parse(tomorrow.date())).isEqualTo(LocalDate.parse(open.date()).plusDays(1));
        assertThat(tomorrow.dueAt().atZone(zone).toLocalTime()).isEqualTo(digestTime);

        // the digest's unsubscribe link turns the digest's types off by email, and the digest with them
        String link = TestSmtp.header(digest, "List-Unsubscribe");
        Response unsubscribed = second.anonymous().send("POST", java.net.URI.create(link.substring(1, link.length() - 1))
                .getRawPath(), "List-Unsubscribe=One-Click", Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertThat(unsubscribed.status()).isEqualTo(200);
        JsonNode after = first.as(user).get("/api/notifications/preferences").json();
        assertThat(after.get("digest").isNull()).isTrue();
        assertThat(after.get("channels").get("task_assigned").valueStream().map(JsonNode::asString).toList())
                .containsExactly("in_app");
        assertThat(after.get("channels").get("deal_won").valueStream().map(JsonNode::asString).toList())
                .containsExactly("in_app", "email");
    }

    @Test
    void anEmailHeldForQuietHoursIsSentOnceByAnotherReplicaAfterTheFirstIsGone() {
        String user = TestUsers.rep();
        ZoneId zone = ZoneId.of("Australia/Adelaide"); // +09:30 / +10:30
        try (EmailInstance leaving = EmailInstance.start(DATABASE, smtp)) {
            // taken once the replica runs: a slow start must not use up the quiet hours before the email is queued
            LocalTime now = LocalTime.now(zone).truncatedTo(ChronoUnit.SECONDS);
            Response saved = leaving.as(user).send("PUT", "/api/notifications/preferences", EventJson.toTree(Map.of(
                    "email", "held@example.com", "timeZone", zone.getId(),
                    "quietHours", Map.of("start", now.minusMinutes(30).toString(), "end", now.plusSeconds(10).toString())))
                    .toString(), Map.of("Content-Type", "application/json"));
            assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
            EventEnvelope cause = leaving.notify(user, "task_overdue", "Held then sent elsewhere");
            assertThat(leaving.email(cause, user).heldUntil()).isNotNull();
        }
        // the replica that queued it is gone; the others send it when the quiet hours end, once
        await().atMost(Duration.ofSeconds(40)).until(() -> smtp.to("held@example.com").size() == 1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(smtp.to("held@example.com")).hasSize(1));
        assertThat(smtp.recipientAttempts("held@example.com")).isEqualTo(1);
    }
}
