package io.pulsecrm.bench.api;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.pulsecrm.bench.baseline.MongoFindByIdScenario;
import io.pulsecrm.bench.scenario.BenchTargets;
import io.pulsecrm.bench.scenario.ContactSample;
import io.pulsecrm.bench.scenario.OperationFailedException;
import io.pulsecrm.bench.scenario.Scenario;
import io.pulsecrm.bench.scenario.ScenarioDefinition;
import io.pulsecrm.bench.scenario.ScenarioUnavailableException;

/** GET /api/contacts/{id} through the gateway for contacts created in set-up, expecting 200. */
public final class ContactReadScenario implements Scenario {

    public static final ScenarioDefinition DEFINITION = ScenarioDefinition.comparedWith(MongoFindByIdScenario.NAME,
            "contact-read", "GET /api/contacts/{id} through the gateway, expecting 200", ContactReadScenario::new);
    /** Fixture sequence numbers start here, far from those the measured phase uses, to keep emails unique. */
    private static final long FIXTURE_SEQUENCE_BASE = 1_000_000_000L;

    private final BenchTargets targets;
    private final GatewayClient gateway;
    private List<String> ids = List.of();

    private ContactReadScenario(BenchTargets targets) {
        this.targets = targets;
        this.gateway = new GatewayClient(targets);
    }

    @Override
    public void setUp() throws Exception {
        gateway.requireReachable();
        List<String> created = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService creators = Executors.newFixedThreadPool(targets.concurrency(), Thread.ofVirtual().factory())) {
            List<Future<String>> pending = new ArrayList<>();
            for (int i = 0; i < targets.fixtures(); i++) {
                long sequence = FIXTURE_SEQUENCE_BASE + i;
                pending.add(creators.submit(() -> createFixture(sequence)));
            }
            for (Future<String> id : pending) {
                created.add(id.get());
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof ScenarioUnavailableException unavailable ? unavailable : e;
        }
        ids = List.copyOf(created);
    }

    private String createFixture(long sequence) throws IOException, InterruptedException {
        HttpResponse<String> response = gateway.postJson(ContactsApi.CONTACTS, ContactSample.numbered(sequence));
        if (response.statusCode() != ContactsApi.CREATED) {
            throw new ScenarioUnavailableException("could not create the contacts to read: POST " + ContactsApi.CONTACTS
                    + " answered HTTP " + response.statusCode() + " " + ContactsApi.excerpt(response.body()));
        }
        return gateway.createdId(response);
    }

    @Override
    public void execute(long sequence) throws IOException, InterruptedException, OperationFailedException {
        HttpResponse<String> response = gateway.get(ContactsApi.contact(ids.get((int) (sequence % ids.size()))));
        if (response.statusCode() != ContactsApi.OK) {
            throw new OperationFailedException("HTTP " + response.statusCode() + " " + ContactsApi.excerpt(response.body()));
        }
    }

    @Override
    public void close() {
        gateway.close();
    }
}
