package io.pulsecrm.notification.email;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulsecrm.notification.NotificationsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Sends queued emails over SMTP, one replica at a time (ShedLock lease {@code email-messages}), each message claimed
 * on its document. A failed send is retried with exponential backoff and jitter up to {@code maxAttempts}. Without
 * a mail server configured ({@code spring.mail.host}) nothing is sent and messages wait.
 */
@Component
public class EmailJob {

    private static final Logger log = LoggerFactory.getLogger(EmailJob.class);
    /** Names the job's lease ({@link EmailSchedule}). */
    static final String JOB_NAME = "email-messages";

    private final MongoTemplate mongo;
    private final ObjectProvider<JavaMailSender> mail;
    private final NotificationsProperties.Email properties;
    private final Clock clock;
    private final MeterRegistry meters;

    EmailJob(MongoTemplate mongo, ObjectProvider<JavaMailSender> mail, NotificationsProperties properties, Clock clock, MeterRegistry meters) {
        this.mongo = mongo;
        this.mail = mail;
        this.properties = properties.email();
        this.clock = clock;
        this.meters = meters;
    }

    /** One pass: sends every due email; returns how many were attempted. */
    public int sendDue() {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            return 0;
        }
        int attempted = 0;
        for (EmailMessage message = claimNext(); message != null; message = claimNext()) {
            attempted++;
            send(sender, message);
        }
        return attempted;
    }

    private EmailMessage claimNext() {
        Instant now = clock.instant();
        Query due = Query.query(Criteria.where("status").is(EmailMessage.PENDING)
                .and("nextAttemptAt").lte(now).and("leaseUntil").lte(now)).with(Sort.by("nextAttemptAt"));
        return mongo.findAndModify(due, Update.update("leaseUntil", now.plusSeconds(60)),
                FindAndModifyOptions.options().returnNew(true), EmailMessage.class);
    }

    private void send(JavaMailSender sender, EmailMessage message) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Update update = new Update().inc("attempts", 1).set("leaseUntil", now);
        try {
            SimpleMailMessage email = new SimpleMailMessage();
            email.setFrom(properties.from());
            email.setTo(message.to());
            email.setSubject(message.subject());
            email.setText(message.body());
            sender.send(email);
            update.set("status", EmailMessage.SENT).set("sentAt", now);
            meters.counter("pulse.notifications.emails.sent").increment();
        } catch (MailException | IllegalArgumentException e) {
            int attempts = message.attempts() + 1;
            update.set("lastError", String.valueOf(e.getMessage()));
            if (attempts >= properties.maxAttempts()) {
                update.set("status", EmailMessage.FAILED);
                meters.counter("pulse.notifications.emails.failed").increment();
            } else {
                update.set("nextAttemptAt", now.plus(backoff(attempts)));
            }
            log.debug("Email {} failed (attempt {}): {}", message.id(), attempts, e.toString());
        }
        mongo.updateFirst(Query.query(Criteria.where("_id").is(message.id()).and("attempts").is(message.attempts())),
                update, EmailMessage.class);
    }

    private Duration backoff(int failedAttempts) {
        long cap = properties.maxBackoff().toMillis();
        long delay = properties.initialBackoff().toMillis() << Math.min(failedAttempts - 1, 30);
        delay = delay <= 0 || delay > cap ? cap : delay;
        return Duration.ofMillis(delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1));
    }
}
