package io.pulsecrm.contacts.timeline;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.pulsecrm.contacts.contacts.ContactNormalizer;
import io.pulsecrm.platform.web.InvalidRequestException;
import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;

/**
 * Body of {@code POST /api/contacts/{id}/timeline}. {@code type}: note, call, meeting or email. Calls have a
 * direction (inbound/outbound), duration, outcome and recording link; meetings an end time and a location;
 * emails a direction and a subject.
 */
public record ActivityInput(String type, Instant occurredAt, String subject, String body, String direction,
                            Integer durationSeconds, String outcome, String recordingUrl, Instant endsAt,
                            String location) {

    static final List<String> TYPES = List.of("note", "call", "meeting", "email");
    static final List<String> DIRECTIONS = List.of("inbound", "outbound");

    /** Checks and cleans the input; fields that do not belong to the type are refused, not silently dropped. */
    public ActivityInput normalize(Clock clock) {
        List<FieldProblem> problems = new ArrayList<>();
        String kind = type == null ? null : type.strip().toLowerCase(Locale.ROOT);
        if (kind == null || !TYPES.contains(kind)) {
            problems.add(new FieldProblem("type", "must be one of " + TYPES));
        }
        Instant now = clock.instant();
        if (occurredAt != null && occurredAt.isAfter(now.plus(Duration.ofDays(366)))) {
            problems.add(new FieldProblem("occurredAt", "is too far in the future"));
        }
        String cleanSubject = ContactNormalizer.text(subject, "subject", 300, false, problems);
        String cleanBody = body == null || body.isBlank() ? null : body.strip();
        if (cleanBody != null && cleanBody.length() > 20_000) {
            problems.add(new FieldProblem("body", "must be at most 20000 characters"));
        }
        if ("note".equals(kind) && cleanBody == null) {
            problems.add(new FieldProblem("body", "is required for a note"));
        }
        String cleanDirection = direction == null ? null : direction.strip().toLowerCase(Locale.ROOT);
        boolean directed = "call".equals(kind) || "email".equals(kind);
        if (cleanDirection != null && (!directed || !DIRECTIONS.contains(cleanDirection))) {
            problems.add(new FieldProblem("direction", directed ? "must be one of " + DIRECTIONS : "only calls and emails have a direction"));
        }
        boolean call = "call".equals(kind);
        if (durationSeconds != null && (!call || durationSeconds < 0 || durationSeconds > 86_400)) {
            problems.add(new FieldProblem("durationSeconds", call ? "must be between 0 and 86400" : "only calls have a duration"));
        }
        String cleanOutcome = ContactNormalizer.text(outcome, "outcome", 100, false, problems);
        if (cleanOutcome != null && !(call || "meeting".equals(kind))) {
            problems.add(new FieldProblem("outcome", "only calls and meetings have an outcome"));
        }
        String cleanRecording = recordingUrl == null || recordingUrl.isBlank() ? null : recordingUrl.strip();
        if (cleanRecording != null && (!call || !isHttpUrl(cleanRecording))) {
            problems.add(new FieldProblem("recordingUrl", call ? "must be an http(s) URL" : "only calls have a recording"));
        }
        boolean meeting = "meeting".equals(kind);
        Instant start = occurredAt == null ? now : occurredAt;
        if (endsAt != null && (!meeting || endsAt.isBefore(start))) {
            problems.add(new FieldProblem("endsAt", meeting ? "must not be before occurredAt" : "only meetings have an end"));
        }
        String cleanLocation = ContactNormalizer.text(location, "location", 300, false, problems);
        if (cleanLocation != null && !meeting) {
            problems.add(new FieldProblem("location", "only meetings have a location"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("The activity has invalid fields", problems);
        }
        return new ActivityInput(kind, occurredAt, cleanSubject, cleanBody, cleanDirection, durationSeconds,
                cleanOutcome, cleanRecording, endsAt, cleanLocation);
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            return uri.getHost() != null && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
