package io.pulsecrm.platform.tabular;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import io.pulsecrm.platform.web.InvalidRequestException;

/**
 * The delimiter of a CSV file among those spreadsheets write ({@code ,} {@code ;} tab {@code |}): the one that splits
 * the header into several columns and most of the first records into as many (quotes respected).
 */
public final class Delimiters {

    public static final List<Character> CANDIDATES = List.of(',', ';', '\t', '|');
    private static final int RECORDS = 50;
    static final String CHOICES = "',' ';' tab (\\t) or '|'";

    private Delimiters() {
    }

    /** The delimiter named by a parameter: one of the candidates, {@code tab} or {@code \t} for tab. */
    public static char named(String name, String field) {
        String value = name.equalsIgnoreCase("tab") || name.equals("\\t") ? "\t" : name;
        if (value.length() == 1 && CANDIDATES.contains(value.charAt(0))) {
            return value.charAt(0);
        }
        throw new TabularException(field, "'" + InvalidRequestException.echo(name) + "' is not a delimiter Pulse reads: choose " + CHOICES);
    }

    /** How a delimiter is shown: tab as {@code \t}. */
    public static String display(char delimiter) {
        return delimiter == '\t' ? "\\t" : String.valueOf(delimiter);
    }

    /** The delimiter of {@code sample} (the start of the file; {@code complete}: the whole file). */
    public static char detect(String sample, boolean complete) {
        char best = 0;
        double bestScore = -1;
        int bestColumns = 0;
        boolean tie = false;
        for (char candidate : CANDIDATES) {
            List<Integer> counts = counts(sample, candidate, complete);
            if (counts.isEmpty() || counts.getFirst() < 2) {
                continue;
            }
            int header = counts.getFirst();
            long matching = counts.stream().skip(1).filter(n -> n == header).count();
            double score = counts.size() == 1 ? 1 : (double) matching / (counts.size() - 1);
            if (score < 0.6) {
                continue;
            }
            if (score > bestScore || (score == bestScore && header > bestColumns)) {
                best = candidate;
                bestScore = score;
                bestColumns = header;
                tie = false;
            } else if (score == bestScore && header == bestColumns) {
                tie = true;
            }
        }
        if (best == 0 && firstLineHasNone(sample)) {
            return ','; // a single column: any delimiter reads it the same
        }
        if (best == 0 || tie) {
            throw new TabularException("delimiter", "Pulse cannot tell which character separates the columns: choose the"
                    + " delimiter, one of " + CHOICES + " (e.g. ?delimiter=; for a CSV from Excel in a European locale)");
        }
        return best;
    }

    private static boolean firstLineHasNone(String sample) {
        int end = sample.indexOf('\n');
        String line = end < 0 ? sample : sample.substring(0, end);
        return CANDIDATES.stream().noneMatch(c -> line.indexOf(c) >= 0) && !line.isBlank();
    }

    private static List<Integer> counts(String sample, char delimiter, boolean complete) {
        DelimitedReader reader = new DelimitedReader(new StringReader(sample), delimiter);
        List<Integer> counts = new ArrayList<>();
        try {
            Table.Row row;
            while (counts.size() <= RECORDS && (row = reader.next()) != null) {
                counts.add(row.cells().size());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!complete && counts.size() > 1 && counts.size() <= RECORDS) {
            counts.removeLast(); // cut off by the end of the sample
        }
        return counts;
    }
}
