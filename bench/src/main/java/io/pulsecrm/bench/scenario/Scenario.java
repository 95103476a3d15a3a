package io.pulsecrm.bench.scenario;

/**
 * One kind of operation to measure. The load runner calls {@link #setUp()} once, then
 * {@link #execute(long)} from many virtual threads at once, timing each call, then {@link #close()}.
 * Implementations must be safe for concurrent {@code execute} calls.
 */
public interface Scenario extends AutoCloseable {

    /**
     * Connects and creates fixtures (e.g. the records a read scenario reads). Not measured.
     *
     * @throws ScenarioUnavailableException when the target cannot be reached or used, with a message
     *                                      that tells the user what to start or pass
     */
    void setUp() throws Exception;

    /**
     * Performs one operation; returns normally only if it succeeded as the scenario expects (e.g. the
     * right status code). Anything thrown counts as an error and its latency is not recorded.
     *
     * @param sequence unique within the run (warm-up included), to make keys and emails unique
     */
    void execute(long sequence) throws Exception;

    /** Releases connections and removes what setUp created where that is cheap. */
    @Override
    void close();
}
