package io.pulsecrm.deploy;

import java.io.IOException;
import java.nio.file.Path;

import org.slf4j.LoggerFactory;

import io.pulsecrm.deploy.catalog.ComponentCatalog;
import io.pulsecrm.deploy.options.LaunchOptions;
import io.pulsecrm.deploy.options.LaunchOptionsParser;
import io.pulsecrm.deploy.options.UsageException;
import io.pulsecrm.deploy.report.StartupReport;
import io.pulsecrm.deploy.report.StartupReportPrinter;
import io.pulsecrm.deploy.supervision.LogFiles;
import io.pulsecrm.deploy.supervision.ReadinessProbe;

/**
 * The local all-in-one runner: Kafka and MongoDB in this JVM, every service and the gateway as child
 * JVMs. Started by {@code deploy/all-in-one/run}; Ctrl-C stops everything.
 */
public final class AllInOne {

    /** Read by logback.xml; must be set before the first logger is created. */
    static final String INFRASTRUCTURE_LOG_PROPERTY = "pulse.infrastructure.log";
    private static final int EXIT_USAGE = 2;
    private static final int EXIT_FAILED = 1;

    private AllInOne() {
    }

    public static void main(String[] args) throws InterruptedException {
        LaunchOptions options;
        try {
            options = LaunchOptionsParser.parse(args, System.getenv(), Path.of("").toAbsolutePath());
        } catch (UsageException e) {
            System.err.println(e.getMessage());
            System.exit(EXIT_USAGE);
            return;
        }
        if (options.help()) {
            System.out.print(LaunchOptionsParser.USAGE);
            return;
        }
        try {
            LogFiles.rotate(options.infrastructureLog());
        } catch (IOException e) {
            System.err.println("ERROR: cannot write logs to " + options.logDir() + ": " + e.getMessage());
            System.exit(EXIT_FAILED);
            return;
        }
        System.setProperty(INFRASTRUCTURE_LOG_PROPERTY, options.infrastructureLog().toString());
        // initialise logging here, once, before the broker and store log from two threads at once
        LoggerFactory.getLogger(AllInOne.class).info("Pulse all-in-one starting: {}", options);

        PlatformRunner runner;
        try {
            runner = new PlatformRunner(options, ComponentCatalog.standard(options.repoDir()),
                    ReadinessProbe.standard(), System.out);
        } catch (UsageException e) {
            System.err.println(e.getMessage());
            System.exit(EXIT_USAGE);
            return;
        }
        // SIGINT (Ctrl-C) and SIGTERM both run shutdown hooks: the one place everything is stopped
        Runtime.getRuntime().addShutdownHook(new Thread(runner::close, "pulse-shutdown"));

        StartupReport report;
        try {
            report = runner.start();
        } catch (StartupException e) {
            System.err.println();
            System.err.println("ERROR: " + e.getMessage());
            System.exit(EXIT_FAILED);
            return;
        } catch (RuntimeException e) {
            // exit explicitly: the broker's non-daemon threads would otherwise keep the JVM, and everything, running
            System.err.println();
            System.err.println("ERROR: the launcher failed unexpectedly; stopping everything.");
            e.printStackTrace();
            System.exit(EXIT_FAILED);
            return;
        }
        if (runner.isStopping()) {
            return; // interrupted while starting; the shutdown hook is stopping everything
        }
        new StartupReportPrinter(System.out).print(report);
        if (!report.allUp() && !options.keepGoing()) {
            System.out.println("Stopping what did start (pass --keep-going to keep it running).");
            System.exit(EXIT_FAILED);
        }
        runner.buildStartupCacheInBackground();
        runner.superviseUntilStopped();
    }
}
