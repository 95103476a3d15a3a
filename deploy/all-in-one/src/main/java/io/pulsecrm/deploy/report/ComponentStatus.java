package io.pulsecrm.deploy.report;

import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * One row of the startup table.
 *
 * @param address where clients reach it: a URL, a bootstrap address or a connection string
 * @param after   time from its start until it was ready or gave up
 * @param detail  why it is not up; when it is up, an optional note (e.g. that its startup cache was built)
 * @param logFile where its output went; {@code null} for the in-process infrastructure
 * @param residentBytes physical memory its process holds when the report is made; empty when unknown or shared (the
 *                      in-process infrastructure lives in the runner's own JVM)
 */
public record ComponentStatus(String name, String address, State state, Duration after, String detail,
                              Path logFile, OptionalLong residentBytes) {

    public enum State { UP, FAILED, TIMED_OUT, NOT_BUILT }

    public ComponentStatus(String name, String address, State state, Duration after, String detail, Path logFile) {
        this(name, address, state, after, detail, logFile, OptionalLong.empty());
    }

    public ComponentStatus withResidentBytes(OptionalLong bytes) {
        return new ComponentStatus(name, address, state, after, detail, logFile, bytes);
    }

    public static ComponentStatus up(String name, String address, Duration after, Path logFile) {
        return new ComponentStatus(name, address, State.UP, after, "", logFile);
    }

    public boolean isUp() {
        return state == State.UP;
    }
}
