package io.pulsecrm.notification.email;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.pulsecrm.notification.NotificationApplication;
import io.pulsecrm.notification.inbox.NotificationDraft;
import io.pulsecrm.notification.preferences.Preferences;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.Ids;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.TestEvents;
import io.pulsecrm.platform.test.TestIdentity;
import io.pulsecrm.platform.test.TestInfrastructure;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * One notification-service instance (a replica) on a database of the test's own, sending mail to a {@link TestSmtp}.
 * Its Kafka listeners are off: the tests hand it notifications the way the triggers do ({@link EmailOutbox#enqueue}
 * with the recipient's preferences), so other test classes' events never reach it; the Kafka path is
 * EmailNotificationTest's.
 */
final class EmailInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private EmailInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    static String newDatabase(String prefix) {
        return prefix + "-" + Ids.newId();
    }

    static EmailInstance start(String database, TestSmtp smtp, String... extra) {
        List<String> args = new ArrayList<>(List.of("--server.port=0",
                "--spring.mongodb.uri=" + TestInfrastructure.shared().mongoUri(database),
                "--spring.kafka.listener.auto-startup=false",
                "--spring.mail.host=127.0.0.1",
                "--spring.mail.port=" + smtp.port(),
                "--pulse.notifications.email.poll-interval=200ms",
                "--pulse.notifications.email.lease=10s",
                "--pulse.notifications.email.initial-backoff=300ms",
                "--pulse.notifications.email.max-backoff=1s",
                "--pulse.notifications.email.digest.poll-interval=200ms",
                "--pulse.notifications.email.digest.lease=10s"));
        args.addAll(List.of(extra));
        return new EmailInstance(new SpringApplicationBuilder(NotificationApplication.class).profiles("test")
                .run(args.toArray(String[]::new)));
    }

    int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    ApiClient as(String userId) {
        return ApiClient.localhost(port()).as(userId);
    }

    ApiClient admin() {
        return as(TestIdentity.ADMIN);
    }

    ApiClient anonymous() {
        return ApiClient.localhost(port());
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    MongoTemplate mongo() {
        return context.getBean(MongoTemplate.class);
    }

    /**
     * Notifies the user as a trigger would for a new event: a {@code type} notification titled {@code title}, emailed
     * as their current preferences say. @return the event
     */
    EventEnvelope notify(String userId, String type, String title) {
        String task = Ids.newId();
        EventEnvelope cause = TestEvents.event("pulse.task.assigned.v1", task, Map.of());
        notify(cause, new NotificationDraft(userId, type, title, "Details of " + title, "task", task,
                Map.of("title", title, "priority", "high")));
        return cause;
    }

    void notify(EventEnvelope cause, NotificationDraft draft) {
        bean(EmailOutbox.class).enqueue(cause, draft, bean(Preferences.class).of(draft.userId()));
    }

    /** The single email queued for this event, recipient and type, if any. */
    EmailMessage email(EventEnvelope cause, String userId) {
        return mongo().findOne(Query.query(Criteria.where("sourceEventId").is(cause.id()).and("userId").is(userId)),
                EmailMessage.class);
    }

    @Override
    public void close() {
        context.close();
    }
}
