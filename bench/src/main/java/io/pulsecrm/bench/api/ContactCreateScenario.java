package io.pulsecrm.bench.api;

import java.io.IOException;
import java.net.http.HttpResponse;

import io.pulsecrm.bench.baseline.MongoInsertScenario;
import io.pulsecrm.bench.scenario.BenchTargets;
import io.pulsecrm.bench.scenario.ContactSample;
import io.pulsecrm.bench.scenario.OperationFailedException;
import io.pulsecrm.bench.scenario.Scenario;
import io.pulsecrm.bench.scenario.ScenarioDefinition;

/**
 * POST /api/contacts through the gateway, expecting 201: routing, authentication, validation, the
 * store write and the outbox, end to end.
 */
public final class ContactCreateScenario implements Scenario {

    public static final ScenarioDefinition DEFINITION = ScenarioDefinition.comparedWith(MongoInsertScenario.NAME,
            "contact-create", "POST /api/contacts through the gateway, expecting 201", ContactCreateScenario::new);

    private final GatewayClient gateway;

    private ContactCreateScenario(BenchTargets targets) {
        this.gateway = new GatewayClient(targets);
    }

    @Override
    public void setUp() {
        gateway.requireReachable();
    }

    @Override
    public void execute(long sequence) throws IOException, InterruptedException, OperationFailedException {
        HttpResponse<String> response = gateway.postJson(ContactsApi.CONTACTS, ContactSample.numbered(sequence));
        if (response.statusCode() != ContactsApi.CREATED) {
            throw new OperationFailedException("HTTP " + response.statusCode() + " " + ContactsApi.excerpt(response.body()));
        }
    }

    @Override
    public void close() {
        gateway.close();
    }
}
