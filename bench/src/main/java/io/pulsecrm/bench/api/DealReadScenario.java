package io.pulsecrm.bench.api;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.function.Function;

import io.pulsecrm.bench.scenario.OperationFailedException;
import io.pulsecrm.bench.scenario.BenchTargets;
import io.pulsecrm.bench.scenario.Scenario;
import io.pulsecrm.bench.scenario.ScenarioDefinition;

/**
 * Reads that managers and reps make all day against a pipeline of {@code --fixtures} deals (use e.g. 50000): the
 * board (whole, and one rep's) and the analytics (all time, and a period). All are compared with a plain read by id
 * in the store.
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
    /** A rep's view: the board restricted to one of the fixture's owners. */
    public static final ScenarioDefinition BOARD_OWNER = ScenarioDefinition.comparedWith(
            io.pulsecrm.bench.baseline.MongoFindByIdScenario.NAME, "deal-board-owner",
            "GET /api/deals/board?ownerId= (one of " + DealsFixture.OWNERS + " owners) over --fixtures deals, expecting 200",
            targets -> new DealReadScenario(targets, pipelineId -> "/api/deals/board?pipelineId=" + pipelineId + "&ownerId=rep-7"));
    /** The last 45 days: a period that starts and ends in the middle of a month, so day-level figures are read too. */
    public static final ScenarioDefinition ANALYTICS_PERIOD = ScenarioDefinition.comparedWith(
            io.pulsecrm.bench.baseline.MongoFindByIdScenario.NAME, "deal-analytics-period",
            "GET /api/pipelines/{id}/analytics?from=&to= (the last 45 days) over --fixtures deals, expecting 200",
            targets -> new DealReadScenario(targets, pipelineId -> {
                LocalDate today = LocalDate.now(ZoneOffset.UTC);
                return "/api/pipelines/" + pipelineId + "/analytics?from=" + today.minusDays(45) + "&to=" + today;
            }));

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
