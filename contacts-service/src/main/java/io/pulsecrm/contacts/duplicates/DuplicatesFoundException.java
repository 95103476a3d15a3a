package io.pulsecrm.contacts.duplicates;

import java.util.List;

/** A create would add a record that looks like existing ones: answered 409 with the candidates. */
public class DuplicatesFoundException extends RuntimeException {

    /** An existing record the new one may duplicate, and the normalised value both share. */
    public record Candidate(String id, String name, String matchedOn, String value) {
    }

    private final List<Candidate> candidates;

    public DuplicatesFoundException(String message, List<Candidate> candidates) {
        super(message);
        this.candidates = List.copyOf(candidates);
    }

    public List<Candidate> candidates() {
        return candidates;
    }
}
