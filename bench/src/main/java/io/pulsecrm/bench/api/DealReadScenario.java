package io.pulsecrm.bench.api;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.function.Function;

import io.pulsecrm.bench.scenario.OperationFailedException;
import io.pulsecrm.bench.scenario.BenchTargets;
import io.pulsecrm.bench.scenario.Scenario;
import io.pulsecrm.bench.scenario.ScenarioDefinition;

/**
 * Reads that managers make all day against a pipeline of {@code --fixtures} deals (use e.g. 50000): the board
 * and the analytics. Both are compared with a plain read by id in the store.
 */
public final class DealReadScenario implements Scenario {

    public static final ScenarioDefinition BOARD = ScenarioDefinition.comparedWith(
            io.pulsecrm.bench.baseline.MongoFindByIdScenario.NAME, "deal-board",
            "GET /api/deals/board for a pipeline of --fixtures deals, expecting 200",
            targets -> new DealReadScenario(targets, pipelineId -> "/api/deals/board?pipelineId=" + pipelineId));
    public static final ScenarioDefinition ANALYTICS = ScenarioDefinition.comparedWith(
            io.pulsecrm.bench.baseline.MongoFindByIdScenario.NAME, "deal-analytics",
            "GET /api/pipelines/{id}/analytics over --fixtures deals, expecting 200",
            targets -> new DealReadScenario(targets, pipelineId -> "/api/pipelines/" + pipelineId + "/analytics"));

    private final BenchTargets targets;
    private final GatewayClient gateway;
    private final Function<String, String> pathFor;
    private String path;

    private DealReadScenario(BenchTargets targets, Function<String, String> pathFor) {
        this.targets = targets;
        this.gateway = new GatewayClient(targets);
        this.pathFor = pathFor;
    }

    @Override
    public void setUp() throws Exception {
        gateway.requireReachable();
        path = pathFor.apply(DealsFixture.pipeline(gateway, targets));
    }

    @Override
    public void execute(long sequence) throws IOException, InterruptedException, OperationFailedException {
        HttpResponse<String> response = gateway.get(path);
        if (response.statusCode() != ContactsApi.OK) {
            throw new OperationFailedException("HTTP " + response.statusCode() + " " + ContactsApi.excerpt(response.body()));
        }
    }

    @Override
    public void close() {
        gateway.close();
    }
}
