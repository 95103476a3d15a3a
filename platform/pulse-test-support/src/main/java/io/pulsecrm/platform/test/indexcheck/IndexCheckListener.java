package io.pulsecrm.platform.test.indexcheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Tells the {@link QueryRecorder} which test runs, and when the test run ends judges what it recorded: writes
 * {@code target/pulse-index-check/report.txt} (every shape, one line each with its count) and, when a shape is not
 * served by a declared index nor allow-listed, {@code unserved.txt}, whose presence fails {@code verify} (the
 * parent POM's enforcer rule). Registered for every test run that has pulse-test-support on its class path.
 */
public final class IndexCheckListener implements TestExecutionListener {

    /** Where the report goes; surefire and failsafe set it to the module's {@code target/pulse-index-check}. */
    public static final String DIRECTORY_PROPERTY = "pulse.index-check.dir";
    static final String REPORT = "report.txt";
    static final String UNSERVED = "unserved.txt";

    @Override
    public void executionStarted(TestIdentifier test) {
        String name = name(test.getSource().orElse(null));
        if (name != null) {
            QueryRecorder.shared().currentTest(name);
        }
    }

    @Override
    public void executionFinished(TestIdentifier test, org.junit.platform.engine.TestExecutionResult result) {
        if (test.getSource().orElse(null) instanceof ClassSource source) {
            QueryRecorder.shared().currentTest("(after " + source.getJavaClass().getSimpleName() + ")");
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        QueryRecorder recorder = QueryRecorder.shared();
        if (recorder.isEmpty()) {
            return;
        }
        IndexCheckReport report = new IndexCheckReport(recorder, AllowList.load(Thread.currentThread().getContextClassLoader()));
        Path directory = directory();
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve(REPORT), report.full());
            Path unserved = directory.resolve(UNSERVED);
            if (report.failing()) {
                Files.writeString(unserved, report.summary() + "\n\n" + report.failures());
            } else {
                Files.deleteIfExists(unserved);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println();
        System.out.println(report.summary() + " (" + directory.resolve(REPORT) + ")");
        System.out.println(report.embeddedSummary());
        if (report.failing()) {
            System.out.println(report.failures());
        }
    }

    static Path directory() {
        String configured = System.getProperty(DIRECTORY_PROPERTY);
        if (configured != null) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "target", "pulse-index-check");
    }

    private static String name(TestSource source) {
        if (source instanceof MethodSource method) {
            return method.getJavaClass().getSimpleName() + "#" + method.getMethodName();
        }
        if (source instanceof ClassSource type) {
            return type.getJavaClass().getSimpleName() + " (set-up)";
        }
        return null;
    }
}
