package io.pulsecrm.bench.contacts;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

import io.pulsecrm.bench.scenario.BenchTargets;
import io.pulsecrm.bench.scenario.OperationFailedException;
import io.pulsecrm.bench.scenario.Scenario;
import io.pulsecrm.bench.scenario.ScenarioDefinition;

/**
 * The contact search box over {@code --fixtures} contacts (use 100000): {@code GET /api/contacts?q=<prefix>&limit=20}
 * through the gateway, expecting 200 and at least one match. Two kinds of queries, as two scenarios:
 * <ul>
 * <li>{@code contact-search}: what people type into a search box: the start of a first or last name (accents and
 * case ignored: {@code mul} finds Müller), or of a full name ({@code john smi}); such prefixes match thousands;</li>
 * <li>{@code contact-search-exact}: a phone number typed in full, which matches one contact of the fixture: the case
 * where nothing stops a scan early.</li>
 * </ul>
 */
public final class ContactSearchScenario implements Scenario {

    public static final ScenarioDefinition NAMES = new ScenarioDefinition("contact-search",
            "GET /api/contacts?q=<name prefix> over --fixtures contacts (seeded by an import; use 100000), expecting matches",
            Optional.empty(), targets -> new ContactSearchScenario(targets, ContactSearchScenario::namePrefixes));
    public static final ScenarioDefinition EXACT = new ScenarioDefinition("contact-search-exact",
            "GET /api/contacts?q=<a full phone number> over --fixtures contacts, matching exactly one",
            Optional.empty(), targets -> new ContactSearchScenario(targets, ContactSearchScenario::phones));

    private static final int QUERIES = 500;

    private final BenchTargets targets;
    private final ContactsClient client;
    private final BiFunction<SearchFixture, SplittableRandom, String> query;
    private List<String> queries = List.of();

    private ContactSearchScenario(BenchTargets targets, BiFunction<SearchFixture, SplittableRandom, String> query) {
        this.targets = targets;
        this.client = new ContactsClient(targets);
        this.query = query;
    }

    @Override
    public void setUp() throws Exception {
        client.requireReachable();
        SearchFixture fixture = SearchFixture.of(client, targets, System.err);
        SplittableRandom random = new SplittableRandom(7);
        List<String> all = new ArrayList<>();
        for (int i = 0; i < QUERIES; i++) {
            all.add(URLEncoder.encode(query.apply(fixture, random), StandardCharsets.UTF_8));
        }
        queries = List.copyOf(all);
    }

    @Override
    public void execute(long sequence) throws IOException, InterruptedException, OperationFailedException {
        HttpResponse<String> response = client.get("/api/contacts?limit=20&q=" + queries.get((int) (sequence % queries.size())));
        if (response.statusCode() != 200) {
            throw new OperationFailedException("HTTP " + response.statusCode() + " " + ImportRun.excerpt(response.body()));
        }
        if (!response.body().contains("\"id\"")) {
            throw new OperationFailedException("no contact found");
        }
    }

    @Override
    public void close() {
        client.close();
    }

    /** 2 to 4 letters of a first or last name, lower or mixed case, or a first name and the start of a last name. */
    private static String namePrefixes(SearchFixture fixture, SplittableRandom random) {
        String first = ContactCsv.FIRST_NAMES.get(random.nextInt(ContactCsv.FIRST_NAMES.size()));
        String last = ContactCsv.LAST_NAMES.get(random.nextInt(ContactCsv.LAST_NAMES.size()));
        return switch (random.nextInt(3)) {
            case 0 -> first.substring(0, Math.min(first.length(), 2 + random.nextInt(3))).toLowerCase();
            case 1 -> last.substring(0, Math.min(last.length(), 2 + random.nextInt(3)));
            default -> first + " " + last.substring(0, Math.min(last.length(), 3));
        };
    }

    private static String phones(SearchFixture fixture, SplittableRandom random) {
        return fixture.phoneQuery(random.nextInt(fixture.contacts()));
    }
}
