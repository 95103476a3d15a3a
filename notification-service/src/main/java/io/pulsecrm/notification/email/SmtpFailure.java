package io.pulsecrm.notification.email;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.springframework.mail.MailSendException;

/**
 * What a failed send means, from the SMTP replies in the exception chain (Spring's {@link MailSendException} wraps
 * Jakarta Mail's, which chain the server's replies per recipient):
 * <ul>
 *   <li>{@link Kind#BOUNCE}: the server refused the recipient permanently: a 5xx reply to {@code RCPT TO} (550 no
 *   such user, 551, 553 bad mailbox name...), or a 5xx with an enhanced status {@code 5.1.x} (bad destination
 *   address) at the end of the message. The address is recorded as bouncing.</li>
 *   <li>{@link Kind#REJECTED}: the server refused this message permanently for another reason (5xx after
 *   {@code DATA}: too big, policy). No retry, the address stays usable.</li>
 *   <li>{@link Kind#TRANSIENT}: everything else: 4xx replies (mailbox busy, greylisting), no connection, timeouts,
 *   authentication, and a refused sender (5xx to {@code MAIL FROM}: our configuration, not the recipient). Retried
 *   with backoff.</li>
 * </ul>
 */
record SmtpFailure(Kind kind, Integer code, String reply) {

    enum Kind { BOUNCE, REJECTED, TRANSIENT }

    private static final Pattern BAD_ADDRESS = Pattern.compile("\\b5\\.1\\.\\d{1,3}\\b");

    static SmtpFailure of(Throwable failure) {
        SMTPAddressFailedException recipient = null;
        SMTPSendFailedException message = null;
        for (Throwable t : chain(failure)) {
            if (t instanceof SMTPAddressFailedException refused && (recipient == null || refused.getReturnCode() >= 500)) {
                recipient = refused;
            } else if (t instanceof SMTPSendFailedException failed && !(t instanceof SMTPSenderFailedException)
                    && message == null) {
                message = failed;
            }
        }
        if (recipient != null) {
            int code = recipient.getReturnCode();
            return new SmtpFailure(code >= 500 ? Kind.BOUNCE : Kind.TRANSIENT, code, reply(recipient));
        }
        if (message != null && message.getReturnCode() >= 500) {
            String reply = reply(message);
            return new SmtpFailure(BAD_ADDRESS.matcher(reply).find() ? Kind.BOUNCE : Kind.REJECTED,
                    message.getReturnCode(), reply);
        }
        return new SmtpFailure(Kind.TRANSIENT, message == null ? null : message.getReturnCode(), String.valueOf(failure.getMessage()));
    }

    private static String reply(MessagingException e) {
        return e.getMessage() == null ? "" : e.getMessage().strip();
    }

    /** The failure, its causes, Jakarta Mail's next exceptions and Spring's per-message exceptions. */
    private static Iterable<Throwable> chain(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> todo = new ArrayDeque<>();
        todo.add(failure);
        java.util.List<Throwable> all = new java.util.ArrayList<>();
        while (!todo.isEmpty() && all.size() < 50) {
            Throwable t = todo.poll();
            if (t == null || !seen.add(t)) {
                continue;
            }
            all.add(t);
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            if (t instanceof MessagingException messaging && messaging.getNextException() != null) {
                todo.add(messaging.getNextException());
            }
            if (t instanceof MailSendException send) {
                todo.addAll(send.getFailedMessages().values());
                Collections.addAll(todo, send.getMessageExceptions());
            }
        }
        return all;
    }
}
