package io.pulsecrm.notification.email;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One user's daily digest for one local date: the items collected for it, and its state. The whole digest is one
 * document (id {@code <userId>|<date>}), so adding an item, closing it and recording that its email was queued
 * are each a single atomic write: an item is in exactly one digest, and a digest becomes one email, once, whichever
 * replica closes it.
 *
 * @param date      the recipient's local date of the digest ({@code 2026-11-22})
 * @param timeZone  the zone {@code dueAt} was computed in
 * @param dueAt     when it is sent: the recipient's digest time on {@code date}
 * @param status    {@code open} (collecting), {@code closing} (claimed by a replica until {@code leaseUntil}),
 *                  {@code queued} (its email is queued: {@code emailId}) or {@code cancelled} (nothing left to send)
 * @param items     what happened, oldest first, at most {@code email.digest.max-items}
 * @param itemCount how many items the list holds
 * @param overflow  items that came after the list was full (only counted)
 */
@Document(EmailDigest.COLLECTION)
public record EmailDigest(@Id String id, String userId, String date, String timeZone, Instant dueAt, String status,
                          List<Item> items, int itemCount, int overflow, Instant leaseUntil, Instant createdAt,
                          Instant closedAt, String emailId) {

    public static final String COLLECTION = "email_digests";
    public static final String OPEN = "open";
    public static final String CLOSING = "closing";
    public static final String QUEUED = "queued";
    public static final String CANCELLED = "cancelled";

    public EmailDigest {
        items = items == null ? List.of() : List.copyOf(items);
    }

    /**
     * One thing that happened.
     *
     * @param id derived from the event, recipient and type (like the notification's), so a redelivered event is
     *           listed once
     */
    public record Item(String id, String type, String title, String body, String link, Instant at) {
    }

    public static String idFor(String userId, LocalDate date) {
        return userId + "|" + date;
    }

    public static String itemIdFor(String eventId, String userId, String type) {
        return UUID.nameUUIDFromBytes(("digest-item|" + eventId + "|" + userId + "|" + type)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The id of the email a digest becomes: the same whichever replica (or retry after a crash) closes it. */
    public String emailIdFor() {
        return UUID.nameUUIDFromBytes(("email|digest|" + id).getBytes(StandardCharsets.UTF_8)).toString();
    }

    public boolean isOpen() {
        return OPEN.equals(status);
    }

    public boolean holds(String itemId) {
        return items.stream().anyMatch(item -> item.id().equals(itemId));
    }

    /** The items whose type the recipient still wants by email (they may have turned some off since). */
    public List<Item> itemsStillWanted(Predicate<String> emailWantedForType) {
        return items.stream().filter(item -> emailWantedForType.test(item.type())).toList();
    }
}
