package io.pulsecrm.e2e;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/** Reading what the platform sent: emails received by the e2e platform's SMTP server and the PDFs it generated. */
final class SentDocuments {

    private SentDocuments() {
    }

    /** The emails received so far that name {@code address} among their recipients. */
    static List<MimeMessage> to(GreenMail mail, String address) {
        return Arrays.stream(mail.getReceivedMessages()).filter(message -> recipients(message).contains(address)).toList();
    }

    /** The bytes of the message's (first) attachment, or null when it has none. */
    static byte[] attachment(MimeMessage message) throws MessagingException, IOException {
        for (BodyPart part : parts(message)) {
            if (part.getFileName() != null) {
                return part.getInputStream().readAllBytes();
            }
        }
        return null;
    }

    /** The message's plain-text body. */
    static String plainText(MimeMessage message) throws MessagingException, IOException {
        StringBuilder text = new StringBuilder();
        for (BodyPart part : parts(message)) {
            if (part.getFileName() == null && part.isMimeType("text/plain")) {
                text.append(part.getContent());
            }
        }
        return text.toString();
    }

    /** The text PDFBox reads from a PDF, line by line as laid out. */
    static String pdfText(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }

    private static String recipients(MimeMessage message) {
        try {
            return Arrays.toString(message.getAllRecipients());
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<BodyPart> parts(MimeMessage message) throws MessagingException, IOException {
        List<BodyPart> parts = new ArrayList<>();
        if (message.getContent() instanceof Multipart multipart) {
            flatten(multipart, parts);
        }
        return parts;
    }

    private static void flatten(Multipart multipart, List<BodyPart> into) throws MessagingException, IOException {
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            if (part.getContent() instanceof Multipart nested) {
                flatten(nested, into);
            } else {
                into.add(part);
            }
        }
    }
}
