package io.pulsecrm.contacts.duplicates;

import java.util.List;

/** A create would add a record that looks like existing ones: answered 409 with the candidates. */
public class DuplicatesFoundException extends RuntimeException {

    /** An existing record the new one may duplicate, and the normalised value both share. */
    public record Candidate(String id, String name, String matchedOn, String value) {
    }

    private final List<Candidate> candidates;
    private final boolean hiddenMatches;
    private final transient List<DuplicateDetector.Match> matches;

    /**
     * @param candidates    the matching records the caller may see
     * @param hiddenMatches whether records the caller may not see match too (named by nothing but this flag)
     * @param matches       every match, visible or not, with its owner: for the service's own use (an import names the
     *                      value a row shares with a contact its importer cannot see), never for the response
     */
    public DuplicatesFoundException(String message, List<Candidate> candidates, boolean hiddenMatches,
                                    List<DuplicateDetector.Match> matches) {
        super(message);
        this.candidates = List.copyOf(candidates);
        this.hiddenMatches = hiddenMatches;
        this.matches = List.copyOf(matches);
    }

    public List<Candidate> candidates() {
        return candidates;
    }

    public boolean hiddenMatches() {
        return hiddenMatches;
    }

    public List<DuplicateDetector.Match> matches() {
        return matches;
    }
}
