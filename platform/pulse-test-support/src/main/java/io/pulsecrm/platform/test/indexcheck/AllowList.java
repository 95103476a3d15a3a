package io.pulsecrm.platform.test.indexcheck;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Query shapes allowed to go unserved, each with its reason: every {@value #RESOURCE} on the test class path (the
 * platform's in pulse-test-support, a service's in its {@code src/test/resources}). One entry a line,
 * {@code collection | shape | reason}, the shape as the report prints it ({@code *} for any text); {@code #} starts a comment.
 */
final class AllowList {

    static final String RESOURCE = "pulse/index-check/allowed.txt";

    record Entry(String collection, String shape, String reason, String source) {
    }

    private final List<Entry> entries;
    private final List<String> problems;

    AllowList(List<Entry> entries, List<String> problems) {
        this.entries = List.copyOf(entries);
        this.problems = List.copyOf(problems);
    }

    static AllowList load(ClassLoader loader) {
        List<Entry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try {
            for (URL url : Collections.list(loader.getResources(RESOURCE))) {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
                    parse(reader.lines().toList(), url.toString(), entries, problems);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new AllowList(entries, problems);
    }

    static void parse(List<String> lines, String source, List<Entry> entries, List<String> problems) {
        for (int number = 1; number <= lines.size(); number++) {
            String line = lines.get(number - 1).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s*\\|\\s*", 3);
            String where = source + ":" + number;
            if (parts.length < 3 || parts[0].isBlank() || parts[1].isBlank() || parts[2].isBlank()) {
                problems.add(where + ": expected 'collection | shape | reason' (a reason is required): " + line);
            } else {
                entries.add(new Entry(parts[0], parts[1], parts[2], where));
            }
        }
    }

    Optional<Entry> find(String collection, QueryShape shape) {
        String rendered = shape.render();
        return entries.stream().filter(e -> e.collection().equals(collection) && matches(e.shape(), rendered)).findFirst();
    }

    /** The shape as printed, where {@code *} stands for any text (for field names made at run time, e.g. custom fields). */
    static boolean matches(String pattern, String shape) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(java.util.regex.Pattern.quote(part));
        }
        return shape.matches(regex.toString());
    }

    List<Entry> entries() {
        return entries;
    }

    List<String> problems() {
        return problems;
    }
}
