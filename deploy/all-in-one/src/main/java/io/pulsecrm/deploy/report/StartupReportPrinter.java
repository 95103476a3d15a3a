package io.pulsecrm.deploy.report;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/** Renders the startup report as a plain-text table a person can read at a glance. */
public final class StartupReportPrinter {

    private static final String INDENT = "  ";

    private final PrintStream out;

    public StartupReportPrinter(PrintStream out) {
        this.out = out;
    }

    public void print(StartupReport report) {
        out.println();
        if (report.allUp()) {
            out.println("Pulse CRM is up: everything ready in " + seconds(report.total()) + ".");
        } else {
            out.println("Pulse CRM did NOT start cleanly (" + report.failures().size() + " failed, after "
                    + seconds(report.total()) + ").");
        }
        out.println();
        printTable(report.components());
        out.println();
        printLine("Kafka bootstrap", report.endpoints().kafkaBootstrapServers());
        printLine("Mongo URI", report.endpoints().mongoConnectionString() + "/<database>");
        int uriWidth = report.databases().values().stream()
                .mapToInt(database -> report.endpoints().mongoUri(database).length()).max().orElse(0);
        new TreeMap<>(report.databases()).forEach((service, database) ->
                printLine("", String.format("%-" + uriWidth + "s  (%s)", report.endpoints().mongoUri(database), service)));
        report.totalResidentBytes().ifPresent(total -> printLine("Memory", megabytes(total) + " resident in all"
                + report.runnerResidentBytes().stream().mapToObj(runner -> " (this runner with Kafka and MongoDB: "
                        + megabytes(runner) + ")").findFirst().orElse("")));
        printLine("Data dir", report.dataDir().toString());
        printLine("Logs", report.logDir().toString());
        if (report.firstCall() != null) {
            printLine("Try", report.firstCall());
        }
        printLine("Stop", "Ctrl-C (or kill " + ProcessHandle.current().pid() + ")");
        report.failures().forEach(failure -> printFailure(failure, report.logTails().get(failure.name())));
        out.println();
        out.flush();
    }

    private void printTable(List<ComponentStatus> rows) {
        int nameWidth = Math.max("COMPONENT".length(), rows.stream().mapToInt(r -> r.name().length()).max().orElse(0));
        int addressWidth = Math.max("ADDRESS".length(), rows.stream().mapToInt(r -> r.address().length()).max().orElse(0));
        String format = INDENT + "%-" + nameWidth + "s  %-" + addressWidth + "s  %-9s  %8s  %s%n";
        out.printf(format, "COMPONENT", "ADDRESS", "STATE", "MEMORY", "READY AFTER");
        for (ComponentStatus row : rows) {
            out.printf(format, row.name(), row.address(), row.state(),
                    row.residentBytes().isPresent() ? megabytes(row.residentBytes().getAsLong()) : "",
                    row.isUp() ? (seconds(row.after()) + (row.detail().isEmpty() ? "" : "  (" + row.detail() + ")"))
                            : row.detail());
        }
    }

    private void printLine(String label, String value) {
        out.printf(INDENT + "%-16s %s%n", label, value);
    }

    private void printFailure(ComponentStatus failure, List<String> logTail) {
        out.println();
        out.println("ERROR: " + failure.name() + " did not start: " + failure.detail() + ".");
        if (failure.logFile() != null) {
            out.println("       Log: " + failure.logFile());
        }
        if (logTail != null && !logTail.isEmpty()) {
            out.println("       Last lines:");
            logTail.forEach(line -> out.println("       | " + line));
        }
    }

    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%d MB", Math.round(bytes / (1024.0 * 1024.0)));
    }

    public static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
