package io.pulsecrm.deals.documents;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.pulsecrm.deals.contacts.ContactName;
import io.pulsecrm.deals.deals.Deal;
import io.pulsecrm.deals.deals.DealContact;
import io.pulsecrm.deals.documents.GeneratedDocument.Send;
import io.pulsecrm.platform.events.Ids;
import io.pulsecrm.platform.files.FileOwner;
import io.pulsecrm.platform.files.FileStore;
import io.pulsecrm.platform.files.StoredFile;
import io.pulsecrm.platform.web.InvalidRequestException;
import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import io.pulsecrm.platform.web.Problems;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;

/**
 * Emailing a generated document over SMTP ({@code spring.mail.*}, as notification-service), the PDF attached. The send
 * is claimed on the document record under the request's id (derived from its Idempotency-Key on a retry) before the
 * mail goes out, so a retried request never sends a second email; then {@code pulse.deal.document_sent.v1} goes on the
 * deal (and so on the contacts' timelines).
 */
@Service
public class DocumentSending {

    /** What the person asked to send. */
    public record SendRequest(String contactId, String email, String subject, String message) {
    }

    private final ObjectProvider<JavaMailSender> mail;
    private final MongoTemplate mongo;
    private final DocumentGeneration generation;
    private final MergeData people;
    private final FileStore files;
    private final DocumentsProperties properties;
    private final Clock clock;

    DocumentSending(ObjectProvider<JavaMailSender> mail, MongoTemplate mongo, DocumentGeneration generation,
                    MergeData people, FileStore files, DocumentsProperties properties, Clock clock) {
        this.mail = mail;
        this.mongo = mongo;
        this.generation = generation;
        this.people = people;
        this.files = files;
        this.properties = properties;
        this.clock = clock;
    }

    public Send send(Deal deal, GeneratedDocument document, SendRequest request, String actor) {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            throw new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, Problems.of(HttpStatus.SERVICE_UNAVAILABLE,
                    "email-not-configured", "Email is not configured",
                    "This Pulse installation has no mail server (spring.mail.host), so documents cannot be emailed; "
                            + "download the PDF instead or ask an administrator to configure SMTP"), null);
        }
        Recipient recipient = recipient(deal, request);
        String subject = request.subject() == null ? "" : request.subject().strip();
        String message = request.message() == null ? "" : request.message();
        List<FieldProblem> problems = new ArrayList<>();
        if (subject.isEmpty()) {
            problems.add(new FieldProblem("subject", "is required"));
        } else if (subject.length() > 300 || subject.chars().anyMatch(c -> c == '\r' || c == '\n')) {
            problems.add(new FieldProblem("subject", "must be one line of at most 300 characters"));
        }
        if (message.length() > 10_000) {
            problems.add(new FieldProblem("message", "must be at most 10000 characters"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("The email has invalid fields", problems);
        }
        GeneratedDocument complete = generation.complete(document);
        String sendId = Ids.newId();
        Optional<Send> earlier = complete.sends().stream().filter(s -> s.id().equals(sendId)).findFirst();
        if (earlier.isPresent()) {
            return earlier.get(); // a repeated request: its email went (or is going) out already
        }
        Send claim = new Send(sendId, recipient.email(), recipient.contactId(), subject, Send.SENDING, now(), actor);
        boolean claimed = mongo.updateFirst(Query.query(Criteria.where("_id").is(complete.id()).and("sends.id").ne(sendId)),
                new Update().push("sends", claim), GeneratedDocument.class).getModifiedCount() == 1;
        if (!claimed) {
            return generation.reload(complete.id()).sends().stream().filter(s -> s.id().equals(sendId)).findFirst()
                    .orElseThrow();
        }
        try {
            sender.send(message(sender, complete, recipient.email(), subject, message));
        } catch (MailException e) {
            // nothing went out: release the claim, so a retry of the request may send it
            mongo.updateFirst(Query.query(Criteria.where("_id").is(complete.id())),
                    new Update().pull("sends", new org.bson.Document("id", sendId)), GeneratedDocument.class);
            throw new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, Problems.of(HttpStatus.SERVICE_UNAVAILABLE,
                    "email-not-sent", "The email was not sent",
                    "The mail server did not take the email (" + e.getMostSpecificCause().getMessage()
                            + "); nothing was sent, try again later"), e);
        }
        setStatus(complete.id(), sendId, Send.SENT);
        GeneratedDocument sent = complete;
        generation.recordOnDeal(deal.getId(), (d, pipeline) -> d.recordDocumentSent(DocumentGeneration.ref(sent), sendId,
                recipient.email(), recipient.contactId(), subject, pipeline, now()));
        return new Send(sendId, recipient.email(), recipient.contactId(), subject, Send.SENT, claim.at(), actor);
    }

    private record Recipient(String email, String contactId) {
    }

    private Recipient recipient(Deal deal, SendRequest request) {
        if (request.contactId() != null && !request.contactId().isBlank()) {
            String contactId = request.contactId().strip();
            if (deal.contacts().stream().map(DealContact::contactId).noneMatch(contactId::equals)) {
                throw InvalidRequestException.field("contactId", "is not one of the deal's contacts");
            }
            ContactName contact = people.contact(contactId).orElse(null);
            String email = request.email() != null && !request.email().isBlank() ? request.email().strip()
                    : contact == null ? null : contact.email();
            if (email == null) {
                throw InvalidRequestException.field("contactId", "the contact has no email address; give one in email");
            }
            return new Recipient(address(email), contactId);
        }
        if (request.email() == null || request.email().isBlank()) {
            throw InvalidRequestException.field("contactId", "is required: the contact to send to (or an email address)");
        }
        return new Recipient(address(request.email().strip()), null);
    }

    private static String address(String email) {
        try {
            InternetAddress address = new InternetAddress(email, true);
            if (address.getAddress().indexOf('@') < 1 || email.length() > 254) {
                throw new AddressException("no domain");
            }
            return address.getAddress();
        } catch (AddressException e) {
            throw InvalidRequestException.field("email", "is not an email address");
        }
    }

    private MimeMessage message(JavaMailSender sender, GeneratedDocument document, String to, String subject, String text) {
        StoredFile file = files.find(new FileOwner(DocumentGeneration.DEAL_FILES, document.dealId()), document.fileId())
                .orElseThrow(() -> new IllegalStateException("the PDF of document " + document.id() + " is missing"));
        byte[] pdf;
        try (InputStream in = files.open(file)) {
            pdf = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            MimeMessage mime = sender.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(mime, true, "UTF-8");
            helper.setFrom(properties.mailFrom());
            helper.setTo(to);
            helper.setSubject(subject);
            helper.setText(text.isBlank() ? document.name() + " " + document.number() : text, false);
            helper.addAttachment(file.filename(), new ByteArrayResource(pdf), "application/pdf");
            return mime;
        } catch (MessagingException e) {
            throw new IllegalStateException("could not build the email", e);
        }
    }

    private void setStatus(String documentId, String sendId, String status) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(documentId).and("sends.id").is(sendId)),
                new Update().set("sends.$.status", status), GeneratedDocument.class);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
