package io.pulsecrm.notification.email;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.smtp.SmtpManager;
import com.icegreen.greenmail.smtp.SmtpState;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;

/**
 * GreenMail, a real SMTP server, that can also refuse recipients the way real servers do: at {@code RCPT TO}, with
 * a reply a test chooses (550 "user unknown" always, or 450 "mailbox busy" a number of times), through GreenMail's
 * own hook for it ({@link SmtpManager#checkRecipient}). Counts the {@code RCPT TO} of every address.
 */
final class TestSmtp implements AutoCloseable {

    private final Map<String, String> refusedAlways = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> refusedTimes = new ConcurrentHashMap<>();
    private final Map<String, String> refusedTimesReply = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> recipientAttempts = new ConcurrentHashMap<>();
    private final int port = freePort();
    private final GreenMail server = new Server(new ServerSetup(port, "127.0.0.1", "smtp"));

    static TestSmtp start() {
        TestSmtp smtp = new TestSmtp();
        smtp.server.start();
        return smtp;
    }

    int port() {
        return port;
    }

    /** Every {@code RCPT TO} this address is answered with {@code reply} (e.g. "550 5.1.1 ... User unknown"). */
    void refuse(String address, String reply) {
        refusedAlways.put(key(address), reply);
    }

    /** The next {@code times} {@code RCPT TO} of this address are answered with {@code reply}, then accepted. */
    void refuseNext(String address, int times, String reply) {
        refusedTimesReply.put(key(address), reply);
        refusedTimes.put(key(address), new AtomicInteger(times));
    }

    /** How often a client asked to deliver to this address (accepted or not). */
    int recipientAttempts(String address) {
        AtomicInteger count = recipientAttempts.get(key(address));
        return count == null ? 0 : count.get();
    }

    List<MimeMessage> to(String address) {
        return Arrays.stream(server.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                        .anyMatch(a -> a.toString().equalsIgnoreCase(address));
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }

    static String text(MimeMessage message) {
        try {
            return String.valueOf(message.getContent());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String header(MimeMessage message, String name) {
        try {
            return message.getHeader(name, ",");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }

    private String decide(String address) {
        String key = key(address);
        recipientAttempts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        String always = refusedAlways.get(key);
        if (always != null) {
            return always;
        }
        AtomicInteger left = refusedTimes.get(key);
        if (left != null && left.getAndDecrement() > 0) {
            return refusedTimesReply.get(key);
        }
        return null; // accepted
    }

    private static String key(String address) {
        return address.strip().toLowerCase(Locale.ROOT);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** GreenMail whose SMTP service asks {@link #decide} about every recipient. */
    private final class Server extends GreenMail {

        Server(ServerSetup setup) {
            super(setup);
        }

        @Override
        protected Map<String, AbstractServer> createServices(ServerSetup[] config, Managers managers) {
            SmtpManager deciding = new SmtpManager(managers.getImapHostManager(), managers.getUserManager()) {
                @Override
                public String checkRecipient(SmtpState state, MailAddress recipient) {
                    return decide(recipient.getEmail());
                }
            };
            return super.createServices(config, new Managers() {
                @Override
                public SmtpManager getSmtpManager() {
                    return deciding;
                }

                @Override
                public UserManager getUserManager() {
                    return managers.getUserManager();
                }

                @Override
                public ImapHostManager getImapHostManager() {
                    return managers.getImapHostManager();
                }
            });
        }
    }
}
