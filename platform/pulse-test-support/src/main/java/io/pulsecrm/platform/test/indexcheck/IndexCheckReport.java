package io.pulsecrm.platform.test.indexcheck;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.pulsecrm.platform.test.indexcheck.Condition.Field;
import io.pulsecrm.platform.test.indexcheck.Condition.Kind;

/** Judges every recorded shape against its collection's declared indexes and the allow-list, and writes the report. */
final class IndexCheckReport {

    static final String HOW_TO_FIX = """
            Each shape above would read every document of its collection (or sort in memory) on MongoDB. Fix it by
            declaring an index that serves it where the service creates its indexes at startup (equality fields first,
            then the sort, then a range: the suggested keys above), or by changing the query; for a rare admin query,
            allow-list it with a reason in src/test/resources/%s as the line shown. See docs/index-check.md.
            """.formatted(AllowList.RESOURCE);

    record Judged(QueryRecorder.Recorded recorded, IndexMatcher.Verdict verdict, AllowList.Entry allowed, boolean embeddedScan) {
        boolean failing() {
            return !verdict.served() && allowed == null;
        }

        long count() {
            return recorded.count.sum();
        }
    }

    private final List<Judged> judged = new ArrayList<>();
    private final List<QueryRecorder.Recorded> testOnly = new ArrayList<>();
    private final List<AllowList.Entry> unused = new ArrayList<>();
    private final List<String> problems;

    IndexCheckReport(QueryRecorder recorder, AllowList allowList) {
        Set<AllowList.Entry> used = new HashSet<>();
        for (QueryRecorder.Recorded recorded : recorder.shapes()) {
            if (!recorded.fromCodeUnderTest) {
                testOnly.add(recorded);
                continue;
            }
            List<IndexDefinition> indexes = recorder.indexes(recorded.collection);
            IndexMatcher.Verdict verdict = IndexMatcher.judge(recorded.shape, indexes);
            boolean embeddedScan = !IndexMatcher.embeddedServes(recorded.shape, indexes);
            AllowList.Entry allowed = verdict.served() ? null : allowList.find(recorded.collection, recorded.shape).orElse(null);
            if (allowed != null) {
                used.add(allowed);
            }
            judged.add(new Judged(recorded, verdict, allowed, embeddedScan));
        }
        judged.sort(Comparator.comparing((Judged j) -> j.recorded.collection).thenComparing(j -> j.recorded.shape.render()));
        allowList.entries().stream().filter(entry -> !used.contains(entry)).forEach(unused::add);
        problems = allowList.problems();
    }

    boolean failing() {
        return !problems.isEmpty() || judged.stream().anyMatch(Judged::failing);
    }

    List<Judged> judged() {
        return judged;
    }

    String summary() {
        long commands = judged.stream().mapToLong(Judged::count).sum();
        long collections = judged.stream().map(j -> j.recorded.collection).distinct().count();
        long served = judged.stream().filter(j -> j.verdict.served()).count();
        long allowed = judged.stream().filter(j -> j.allowed != null).count();
        long failing = judged.stream().filter(Judged::failing).count();
        return "MongoDB index check: %s (%s) on %s: %d served by an index, %d allow-listed, %d NOT served"
                .formatted(count(judged.size(), "query shape"), count(commands, "command"), count(collections, "collection"),
                        served, allowed, failing)
                + (testOnly.isEmpty() ? "" : "; %s sent by test code itself not checked".formatted(count(testOnly.size(), "shape")));
    }

    /** What the embedded store reads whole (it answers only _id and exact unique-index matches): not a failure. */
    String embeddedSummary() {
        List<Judged> scans = judged.stream().filter(Judged::embeddedScan).toList();
        return "On the embedded store %s (%s of %d) read the whole collection"
                .formatted(count(scans.size(), "shape"), count(scans.stream().mapToLong(Judged::count).sum(), "command"),
                        judged.stream().mapToLong(Judged::count).sum());
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** The failing part alone: what the build prints and what {@code unserved.txt} holds. */
    String failures() {
        StringBuilder out = new StringBuilder();
        for (String problem : problems) {
            out.append("allow-list: ").append(problem).append('\n');
        }
        for (Judged one : judged) {
            if (one.failing()) {
                appendFailure(out, one);
            }
        }
        if (!out.isEmpty()) {
            out.append('\n').append(HOW_TO_FIX);
        }
        return out.toString();
    }

    String full() {
        StringBuilder out = new StringBuilder(summary()).append('\n').append(embeddedSummary()).append("\n\n");
        if (failing()) {
            out.append("NOT SERVED\n").append(failures()).append('\n');
        }
        section(out, "ALLOW-LISTED", judged.stream().filter(j -> j.allowed != null).toList(),
                j -> "   (" + j.verdict.reason() + ") " + j.allowed.reason());
        section(out, "SERVED", judged.stream().filter(j -> j.verdict.served()).toList(), j -> "   by " + j.verdict.index());
        List<Judged> scans = judged.stream().filter(Judged::embeddedScan)
                .sorted(Comparator.comparingLong(Judged::count).reversed()).toList();
        if (!scans.isEmpty()) {
            out.append("EMBEDDED STORE: READ WHOLE (not a failure; the store answers only _id and exact unique-index matches, "
                    + "DESIGN section 13), most sent first\n");
            scans.forEach(row -> out.append(line(row.recorded)).append('\n'));
            out.append('\n');
        }
        if (!unused.isEmpty()) {
            out.append("ALLOW-LIST ENTRIES NOT SEEN IN THIS RUN (fine for a partial run; remove them when the query is gone)\n");
            unused.forEach(entry -> out.append("  ").append(entry.collection()).append(" | ").append(entry.shape())
                    .append("   (").append(entry.source()).append(")\n"));
            out.append('\n');
        }
        if (!testOnly.isEmpty()) {
            out.append("SENT BY TEST CODE ONLY (not checked)\n");
            testOnly.stream().sorted(Comparator.comparing((QueryRecorder.Recorded r) -> r.collection).thenComparing(r -> r.shape.render()))
                    .forEach(r -> out.append(line(r)).append('\n'));
        }
        return out.toString();
    }

    private static void section(StringBuilder out, String title, List<Judged> rows, java.util.function.Function<Judged, String> tail) {
        if (rows.isEmpty()) {
            return;
        }
        out.append(title).append('\n');
        rows.forEach(row -> out.append(line(row.recorded)).append(tail.apply(row)).append('\n'));
        out.append('\n');
    }

    private static String line(QueryRecorder.Recorded recorded) {
        return "  %-28s %7dx  %s".formatted(recorded.collection, recorded.count.sum(), recorded.shape.render());
    }

    private static void appendFailure(StringBuilder out, Judged one) {
        QueryRecorder.Recorded recorded = one.recorded;
        out.append(line(recorded)).append('\n');
        out.append("      why:  ").append(one.verdict.reason()).append('\n');
        out.append("      from: ").append(String.join("\n            ", recorded.origins)).append('\n');
        out.append("      test: ").append(recorded.firstTest).append('\n');
        String keys = suggestedKeys(recorded.shape);
        if (!keys.isEmpty()) {
            out.append("      fix:  declare an index on {").append(keys).append("} on ").append(recorded.collection).append('\n');
        }
        out.append("      or allow-list: ").append(recorded.collection).append(" | ").append(recorded.shape.render())
                .append(" | <why reading every document is fine here>\n");
    }

    /** Equality fields, then the sort, then one range field (ESR); empty when the filter has nothing an index can use. */
    static String suggestedKeys(QueryShape shape) {
        Set<String> keys = new LinkedHashSet<>();
        List<Field> fields = shape.filter().conditions().stream().filter(Field.class::isInstance).map(Field.class::cast).toList();
        fields.stream().filter(f -> f.kind() == Kind.EQ || f.kind() == Kind.IN).map(f -> f.path() + ": 1").forEach(keys::add);
        Set<String> named = keys.stream().map(k -> k.substring(0, k.lastIndexOf(':'))).collect(Collectors.toCollection(HashSet::new));
        for (QueryShape.SortKey sort : shape.sort()) {
            if (named.add(sort.field())) {
                keys.add(sort.field() + ": " + sort.direction());
            }
        }
        fields.stream().filter(f -> f.kind() == Kind.RANGE || f.kind() == Kind.EXISTS).map(Field::path)
                .filter(named::add).findFirst().ifPresent(path -> keys.add(path + ": 1"));
        if (shape.distinctKey() != null && keys.isEmpty()) {
            keys.add(shape.distinctKey() + ": 1");
        }
        return String.join(", ", keys);
    }
}
