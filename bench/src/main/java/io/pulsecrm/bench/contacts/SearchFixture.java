package io.pulsecrm.bench.contacts;

import java.io.PrintStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.pulsecrm.bench.scenario.BenchTargets;
import io.pulsecrm.bench.scenario.ScenarioUnavailableException;
import tools.jackson.databind.JsonNode;

/**
 * {@code --fixtures} contacts to search, seeded once per run by importing a generated CSV through the gateway (far
 * quicker than one API call per contact, and the same path into the store). When the import has completed, a
 * company named {@code Bench search fixture <N> contacts} marks the fixture complete, its industry holding the
 * fixture's tag; with {@code --reuse-fixtures} a later run searches that fixture instead of seeding another.
 *
 * @param tag      the fixture's tag (in its contacts' tags, emails and phone area code)
 * @param contacts how many contacts it has
 */
record SearchFixture(String tag, int contacts) {

    private static final Map<Integer, SearchFixture> SEEDED = new ConcurrentHashMap<>();
    private static final Map<Integer, String> FAILED = new ConcurrentHashMap<>();

    static synchronized SearchFixture of(ContactsClient client, BenchTargets targets, PrintStream progress) throws Exception {
        SearchFixture existing = SEEDED.get(targets.fixtures());
        if (existing != null) {
            return existing;
        }
        if (FAILED.containsKey(targets.fixtures())) { // one attempt per run: the next scenario does not seed again
            throw new ScenarioUnavailableException("the search fixture could not be seeded: " + FAILED.get(targets.fixtures()));
        }
        SearchFixture fixture = targets.reuseFixtures() ? complete(client, targets.fixtures()) : null;
        if (fixture == null) {
            try {
                fixture = seed(client, targets.fixtures(), progress);
            } catch (Exception e) {
                FAILED.put(targets.fixtures(), String.valueOf(e));
                throw e;
            }
        } else {
            progress.printf("   reusing the search fixture %s of %,d contacts from an earlier run%n", fixture.tag(), fixture.contacts());
        }
        SEEDED.put(targets.fixtures(), fixture);
        return fixture;
    }

    /** The phone of the fixture's contact number {@code row}, as a user would type it. */
    String phoneQuery(int row) {
        String phone = ContactCsv.phone(tag, row);
        return phone.substring(0, 2) + " " + phone.substring(2, 5) + " " + phone.substring(5, 8) + " " + phone.substring(8);
    }

    private static String markerName(int contacts) {
        return "Bench search fixture " + contacts + " contacts";
    }

    private static SearchFixture complete(ContactsClient client, int contacts) throws Exception {
        HttpResponse<String> found = client.get("/api/companies?limit=200&q=" + URLEncoder.encode(markerName(contacts), StandardCharsets.UTF_8));
        if (found.statusCode() != 200) {
            throw new ScenarioUnavailableException("could not look for an earlier search fixture: HTTP " + found.statusCode());
        }
        for (JsonNode company : client.readJson(found).path("items")) {
            if (markerName(contacts).equals(company.path("name").asString()) && company.path("industry").isString()) {
                return new SearchFixture(company.get("industry").asString(), contacts);
            }
        }
        return null;
    }

    private static SearchFixture seed(ContactsClient client, int contacts, PrintStream progress) throws Exception {
        String tag = "bench-search-" + Long.toString(System.currentTimeMillis(), Character.MAX_RADIX);
        Path file = Files.createTempFile("pulse-" + tag, ".csv");
        try {
            ContactCsv.write(file, contacts, tag);
            progress.printf("   seeding %,d contacts to search (an import of %.1f MB) ...%n", contacts, Files.size(file) / 1024.0 / 1024.0);
            ImportRun.Result result = new ImportRun(client, progress).importFile(file, false);
            result.print(progress, Files.size(file));
            if (result.created() != contacts) {
                throw new ScenarioUnavailableException("seeding the search fixture created " + result.created() + " of "
                        + contacts + " contacts");
            }
        } finally {
            Files.deleteIfExists(file);
        }
        HttpResponse<String> marker = client.postJson("/api/companies?allowDuplicate=true",
                Map.of("name", markerName(contacts), "industry", tag));
        if (marker.statusCode() != 201) {
            progress.println("   could not mark the search fixture complete: HTTP " + marker.statusCode());
        }
        return new SearchFixture(tag, contacts);
    }
}
