package io.pulsecrm.notification.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.pulsecrm.notification.TestUsers;
import io.pulsecrm.notification.UpstreamEvents;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.Ids;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.ServiceApiTest;
import io.pulsecrm.platform.test.TestEvents;
import io.pulsecrm.platform.test.TestIdentity;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Emails over a real SMTP server (GreenMail), by the users' channel preferences. */
class EmailNotificationTest extends ServiceApiTest {

    private static final int SMTP_PORT = freePort();

    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(SMTP_PORT, "127.0.0.1", "smtp"))
            .withPerMethodLifecycle(false);

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP_PORT);
        registry.add("pulse.notifications.email.poll-interval", () -> "200ms");
        registry.add("pulse.notifications.email.initial-backoff", () -> "300ms");
    }

    @Test
    void anAssignedTaskIsEmailedOnceWithTheTemplateMerged() throws Exception {
        String user = TestUsers.rep();
        // the user's own settings, with their own token
        Response saved = apiAs(user).send("PUT", "/api/notifications/preferences",
                "{\"email\":\"Ada@Example.com\",\"channels\":{\"deal_won\":[\"in_app\",\"email\"]}}",
                Map.of("Content-Type", "application/json"));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        assertThat(saved.json().get("email").asString()).isEqualTo("ada@example.com");
        assertThat(saved.json().get("channels").get("deal_won").valueStream().map(n -> n.asString()).toList())
                .containsExactly("in_app", "email");

        String task = Ids.newId();
        EventEnvelope assigned = UpstreamEvents.taskAssigned(task, user, "Call Ada");
        TestEvents.publish(UpstreamEvents.TASKS, assigned);
        TestEvents.publish(UpstreamEvents.TASKS, assigned); // redelivered
        String deal = Ids.newId();
        TestEvents.publish(UpstreamEvents.DEALS, TestEvents.event("pulse.deal.won.v1", deal,
                Map.of("deal", Map.of("id", deal, "title", "ACME", "ownerId", user))));

        await().atMost(Duration.ofSeconds(30)).until(() -> to("ada@example.com").size() >= 2);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(to("ada@example.com")).hasSize(2));
        MimeMessage taskMail = to("ada@example.com").stream()
                .filter(m -> subject(m).startsWith("Task assigned")).findFirst().orElseThrow();
        assertThat(taskMail.getSubject()).isEqualTo("Task assigned to you: Call Ada");
        String body = GreenMailUtil.getBody(taskMail);
        assertThat(body).contains("Hi " + user + ",").contains("A task was assigned to you: Call Ada.")
                .contains("priority: high").contains("http://localhost:8080/tasks/" + task);
        assertThat(taskMail.getFrom()[0].toString()).contains("notifications@pulsecrm.local");
        assertThat(to("ada@example.com")).anySatisfy(m -> assertThat(m.getSubject()).isEqualTo("Deal won: ACME"));
    }

    @Test
    void channelsDecideInboxAndEmailAndTheDirectoryGivesAddresses() {
        // the users directory's address when the user set none; default channels (task_assigned: in_app + email)
        String directoryUser = TestUsers.rep();
        assertThat(apiAs(directoryUser).get("/api/notifications/preferences").json().get("email").asString())
                .isEqualTo(directoryUser + "@pulse.test");
        TestEvents.publish(UpstreamEvents.TASKS, UpstreamEvents.taskAssigned(Ids.newId(), directoryUser, "From directory"));
        await().atMost(Duration.ofSeconds(30)).until(() -> to(directoryUser + "@pulse.test").size() == 1);

        // email only: nothing in the inbox (set by an admin for the user)
        String emailOnly = TestUsers.rep();
        assertThat(api.send("PUT", "/api/notifications/preferences?userId=" + emailOnly,
                "{\"email\":\"only.mail@example.com\",\"channels\":{\"task_assigned\":[\"email\"]}}",
                Map.of("Content-Type", "application/json")).status()).isEqualTo(200);
        // in-app only: no email
        String appOnly = TestUsers.rep();
        assertThat(api.send("PUT", "/api/notifications/preferences?userId=" + appOnly,
                "{\"email\":\"app.only@example.com\",\"channels\":{\"task_assigned\":[\"in_app\"]}}",
                Map.of("Content-Type", "application/json")).status()).isEqualTo(200);
        TestEvents.publish(UpstreamEvents.TASKS, UpstreamEvents.taskAssigned(Ids.newId(), emailOnly, "Mail me"));
        TestEvents.publish(UpstreamEvents.TASKS, UpstreamEvents.taskAssigned(Ids.newId(), appOnly, "Show me"));

        await().atMost(Duration.ofSeconds(30)).until(() -> to("only.mail@example.com").size() == 1);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                api.get("/api/notifications?userId=" + appOnly).json().get("items").size() == 1);
        assertThat(api.get("/api/notifications?userId=" + emailOnly).json().get("items")).isEmpty();
        assertThat(to("app.only@example.com")).isEmpty();
    }

    @Test
    void badPreferencesAreProblems() {
        Map<String, String> json = Map.of("Content-Type", "application/json");
        String u = TestUsers.rep();
        assertThat(api.send("PUT", "/api/notifications/preferences?userId=" + u, "{\"email\":\"nope\"}", json).status()).isEqualTo(400);
        assertThat(api.send("PUT", "/api/notifications/preferences?userId=" + u, "{\"channels\":{\"x.y\":[\"email\"]}}", json).status()).isEqualTo(400);
        assertThat(api.send("PUT", "/api/notifications/preferences?userId=" + u, "{\"channels\":{\"deal_won\":[\"sms\"]}}", json).status()).isEqualTo(400);
        assertThat(api.send("PUT", "/api/notifications/preferences?userId=" + u, "", json).status()).isEqualTo(400);
        assertThat(api.send("PUT", "/api/notifications/preferences?userId=nobody", "{}", json).status()).isEqualTo(400);
        assertThat(api.get("/api/notifications/preferences?userId=nobody").status()).isEqualTo(400);
        Response defaults = apiAs(u).get("/api/notifications/preferences");
        assertThat(defaults.status()).isEqualTo(200);
        assertThat(defaults.json().get("userId").asString()).isEqualTo(u);
        assertThat(defaults.json().get("email").asString()).isEqualTo(u + "@pulse.test");
        assertThat(defaults.json().get("channels").get("deal_lost").get(0).asString()).isEqualTo("in_app");
        assertThat(defaults.json().get("channels").get("team_deal_won").get(0).asString()).isEqualTo("in_app");
    }

    @Test
    void membersSetOnlyTheirOwnPreferences() {
        Map<String, String> json = Map.of("Content-Type", "application/json");
        String u = TestUsers.rep();
        assertThat(apiAs(TestIdentity.OTHER_EAST_REP).get("/api/notifications/preferences?userId=" + u).status())
                .isEqualTo(403);
        Response managerPut = apiAs(TestIdentity.EAST_MANAGER).send("PUT", "/api/notifications/preferences?userId=" + u,
                "{\"email\":\"boss@example.com\"}", json);
        assertThat(managerPut.status()).as(managerPut.toString()).isEqualTo(403);
        assertThat(managerPut.header("Content-Type")).startsWith("application/problem+json");
        // naming yourself is the same as naming nobody
        assertThat(apiAs(u).send("PUT", "/api/notifications/preferences?userId=" + u, "{\"email\":\"me@example.com\"}",
                json).status()).isEqualTo(200);
        assertThat(api.get("/api/notifications/preferences?userId=" + u).json().get("email").asString())
                .isEqualTo("me@example.com");
        // partner applications: read with notifications:read, change with notifications:write
        assertThat(apiAsClient("partner-prefs", "notifications:read").get("/api/notifications/preferences?userId=" + u)
                .json().get("email").asString()).isEqualTo("me@example.com");
        assertThat(apiAsClient("partner-prefs", "notifications:read").send("PUT",
                "/api/notifications/preferences?userId=" + u, "{}", json).status()).isEqualTo(403);
        assertThat(apiAsClient("partner-prefs", "notifications:write").send("PUT",
                "/api/notifications/preferences?userId=" + u, "{}", json).status()).isEqualTo(200);
        assertThat(apiAsClient("partner-prefs", "notifications:read").get("/api/notifications/preferences").status())
                .isEqualTo(400); // an application has no preferences of its own: it names the user
    }

    private static List<MimeMessage> to(String address) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equals(address));
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (Exception e) {
            return "";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
