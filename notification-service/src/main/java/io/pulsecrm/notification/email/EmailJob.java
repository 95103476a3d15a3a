package io.pulsecrm.notification.email;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulsecrm.notification.NotificationsProperties;
import io.pulsecrm.notification.preferences.AddressBounce;
import io.pulsecrm.notification.preferences.Bounces;
import io.pulsecrm.notification.preferences.Channel;
import io.pulsecrm.notification.preferences.EffectivePreferences;
import io.pulsecrm.notification.preferences.Preferences;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
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
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Sends queued emails over SMTP, one replica at a time (ShedLock lease {@code email-messages}), each message claimed
 * on its document. Without a mail server configured ({@code spring.mail.host}) nothing is sent and messages wait.
 * <p>
 * Right before sending, the recipient's current preferences decide: an email of a type they turned off since (an
 * unsubscribe link) is {@code cancelled}; it goes to their current address; an address that bounced gets nothing
 * ({@code suppressed}); inside their quiet hours it is held until they end (no attempt used). Each email carries
 * its one-click unsubscribe link (RFC 8058 {@code List-Unsubscribe} and {@code List-Unsubscribe-Post}).
 * <p>
 * A failure ({@link SmtpFailure}): the recipient refused permanently (5xx to RCPT, such as 550) → the email failed and
 * the address is recorded as bouncing; the message refused permanently → failed; anything transient → retried with
 * exponential backoff and jitter up to {@code maxAttempts}.
 */
@Component
public class EmailJob {

    private static final Logger log = LoggerFactory.getLogger(EmailJob.class);
    /** Names the job's lease ({@link EmailSchedule}). */
    static final String JOB_NAME = "email-messages";
    private static final int MAX_ERROR = 500;

    private final MongoTemplate mongo;
    private final ObjectProvider<JavaMailSender> mail;
    private final Preferences preferences;
    private final Bounces bounces;
    private final NotificationsProperties.Email properties;
    private final Clock clock;
    private final MeterRegistry meters;

    EmailJob(MongoTemplate mongo, ObjectProvider<JavaMailSender> mail, Preferences preferences, Bounces bounces,
             NotificationsProperties properties, Clock clock, MeterRegistry meters) {
        this.mongo = mongo;
        this.mail = mail;
        this.preferences = preferences;
        this.bounces = bounces;
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
            try {
                send(sender, message);
            } catch (RuntimeException e) {
                // e.g. the store failed: the claim expires and a later pass tries again
                log.warn("Email {} could not be handled: {}", message.id(), e.toString());
            }
        }
        return attempted;
    }

    private EmailMessage claimNext() {
        Instant now = clock.instant();
        Query due = Query.query(Criteria.where("status").is(EmailMessage.PENDING)
                .and("nextAttemptAt").lte(now).and("leaseUntil").lte(now)).with(Sort.by("nextAttemptAt"));
        return mongo.findAndModify(due, Update.update("leaseUntil", now.plus(properties.lease())),
                FindAndModifyOptions.options().returnNew(true), EmailMessage.class);
    }

    private void send(JavaMailSender sender, EmailMessage message) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        EffectivePreferences recipient = message.userId() == null ? null : preferences.of(message.userId());
        String to = recipient == null ? message.to() : recipient.email();
        if (to == null) {
            settle(message, EmailMessage.CANCELLED, "the recipient has no email address any more", now);
            return;
        }
        if (recipient != null && !message.isDigest() && !recipient.wants(message.type(), Channel.EMAIL)) {
            settle(message, EmailMessage.CANCELLED, "the recipient turned " + message.type() + " emails off", now);
            return;
        }
        Optional<AddressBounce> bounce = recipient == null ? bounces.of(to) : Optional.ofNullable(recipient.bounce());
        if (bounce.isPresent()) {
            meters.counter("pulse.notifications.emails.suppressed").increment();
            settle(message, EmailMessage.SUPPRESSED, "address " + to + " bounced (" + bounce.get().code() + ")", now);
            return;
        }
        Optional<Instant> quietUntil = recipient == null || recipient.quietHours() == null ? Optional.empty()
                : recipient.quietHours().endOfWindowAt(now, recipient.zone());
        if (quietUntil.isPresent()) {
            Instant until = quietUntil.get().truncatedTo(ChronoUnit.MILLIS);
            meters.counter("pulse.notifications.emails.held").increment();
            update(message, new Update().set("nextAttemptAt", until).set("heldUntil", until).set("leaseUntil", now));
            return;
        }
        Update update = new Update().inc("attempts", 1).set("leaseUntil", now).set("to", to).unset("heldUntil");
        try {
            sender.send(mime(sender, message, to));
            update.set("status", EmailMessage.SENT).set("sentAt", now);
            meters.counter("pulse.notifications.emails.sent", "kind", message.isDigest() ? "digest" : "single").increment();
        } catch (MessagingException e) {
            // could not even build it (an address that does not parse): no server would take it
            update.set("status", EmailMessage.FAILED).set("lastError", truncate(e.toString()));
            meters.counter("pulse.notifications.emails.failed").increment();
        } catch (MailException e) {
            failed(message, to, SmtpFailure.of(e), update, now);
        }
        update(message, update);
    }

    private void failed(EmailMessage message, String to, SmtpFailure failure, Update update, Instant now) {
        int attempts = message.attempts() + 1;
        update.set("lastError", truncate(failure.reply()));
        if (failure.code() != null) {
            update.set("smtpCode", failure.code());
        }
        switch (failure.kind()) {
            case BOUNCE -> {
                bounces.record(to, message.userId(), failure.code(), failure.reply(), message.id());
                update.set("status", EmailMessage.FAILED);
                meters.counter("pulse.notifications.emails.bounced").increment();
                log.info("Email {} to {} bounced: {}", message.id(), to, failure.reply());
            }
            case REJECTED -> {
                update.set("status", EmailMessage.FAILED);
                meters.counter("pulse.notifications.emails.failed").increment();
                log.info("Email {} was refused permanently: {}", message.id(), failure.reply());
            }
            case TRANSIENT -> {
                if (attempts >= properties.maxAttempts()) {
                    update.set("status", EmailMessage.FAILED);
                    meters.counter("pulse.notifications.emails.failed").increment();
                } else {
                    update.set("nextAttemptAt", now.plus(backoff(attempts)));
                }
                log.debug("Email {} failed (attempt {}): {}", message.id(), attempts, failure.reply());
            }
        }
    }

    private MimeMessage mime(JavaMailSender sender, EmailMessage message, String to) throws MessagingException {
        MimeMessage mime = sender.createMimeMessage();
        MimeMessageHelper email = new MimeMessageHelper(mime, false, "UTF-8");
        email.setFrom(properties.from());
        email.setTo(to);
        email.setSubject(message.subject());
        email.setText(message.body(), false);
        if (message.unsubscribeUrl() != null) {
            // RFC 2369 and RFC 8058 one-click: mail clients show an unsubscribe button that POSTs to the link
            mime.setHeader("List-Unsubscribe", "<" + message.unsubscribeUrl() + ">");
            mime.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        mime.setHeader("Auto-Submitted", "auto-generated"); // RFC 3834: no auto-replies to notifications
        mime.setHeader("X-Pulse-Notification-Type", message.type());
        return mime;
    }

    /** Ends the email without sending it (and without using an attempt). */
    private void settle(EmailMessage message, String status, String reason, Instant now) {
        update(message, new Update().set("status", status).set("lastError", reason).set("leaseUntil", now));
    }

    /** Conditional on the attempts this claim saw, so a stale claimant cannot record an attempt twice. */
    private void update(EmailMessage message, Update update) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(message.id()).and("attempts").is(message.attempts())),
                update, EmailMessage.class);
    }

    private Duration backoff(int failedAttempts) {
        long cap = properties.maxBackoff().toMillis();
        long delay = properties.initialBackoff().toMillis() << Math.min(failedAttempts - 1, 30);
        delay = delay <= 0 || delay > cap ? cap : delay;
        return Duration.ofMillis(delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1));
    }

    private static String truncate(String text) {
        return text == null || text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR);
    }
}
