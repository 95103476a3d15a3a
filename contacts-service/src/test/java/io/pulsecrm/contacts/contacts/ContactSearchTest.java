package io.pulsecrm.contacts.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.ServiceApiTest;
import org.junit.jupiter.api.Test;

/** Prefix search, filters and every sort with cursor paging. */
class ContactSearchTest extends ServiceApiTest {

    @Test
    void prefixSearchIsCaseAndAccentInsensitiveAcrossNamesEmailsPhonesAndCompanies() {
        String u = unique();
        String company = api.post("/api/companies", "{\"name\":\"Zürich Ünited " + u + "\"}").json().get("id").asString();
        String emilie = create("{\"firstName\":\"Émilie\",\"lastName\":\"Dûpont" + u + "\",\"email\":\"emilie." + u + "@example.com\","
                + "\"tags\":[\"search-" + u + "\"],\"lifecycleStage\":\"customer\"}");
        String bjorn = create("{\"firstName\":\"Björn\",\"lastName\":\"Ødegaard" + u + "\",\"companyId\":\"" + company + "\","
                + "\"phone\":\"+44 20 7125 " + u.substring(0, 4).replaceAll("[^0-9]", "1") + "\",\"tags\":[\"search-" + u + "\"]}");

        assertThat(search("q=dupont" + u)).containsExactly(emilie);
        assertThat(search("q=DÜPONT" + u.toUpperCase())).containsExactly(emilie);
        assertThat(search("q=" + enc("émilie dupont" + u))).containsExactly(emilie);
        assertThat(search("q=" + enc("dupont" + u + " emi"))).containsExactly(emilie);
        assertThat(search("q=emilie." + u + "@ex")).containsExactly(emilie);
        assertThat(search("q=odegaard" + u)).containsExactly(bjorn);
        assertThat(search("q=" + enc("zurich united " + u))).containsExactly(bjorn); // by company name
        assertThat(search("q=pont" + u)).isEmpty(); // prefixes only

        assertThat(search("tag=search-" + u)).containsExactlyInAnyOrder(emilie, bjorn);
        assertThat(search("tag=SEARCH-" + u + "&lifecycleStage=customer")).containsExactly(emilie);
        assertThat(search("tag=search-" + u + "&companyId=" + company)).containsExactly(bjorn);
        assertThat(search("tag=search-" + u + "&source=api&lifecycleStage=lead")).containsExactly(bjorn);
        assertThat(search("tag=search-" + u + "&ownerId=nobody")).isEmpty();

        // regex and operator syntax is only ever a literal value
        assertThat(search("q=" + enc(".*"))).isEmpty();
        assertThat(search("q=" + enc("$where"))).isEmpty();
        assertThat(search("tag=" + enc("{\"$ne\":null}"))).isEmpty();
    }

    @Test
    void everySortPagesThroughAllMatchesInOrderWithoutGapsOrRepeats() {
        String u = unique();
        String tag = "sort-" + u;
        List<String> ids = new ArrayList<>();
        String[][] names = {{"Carl", "Berg"}, {"Anna", "Berg"}, {"Zoe", "Ahl"}, {"Bob", "Ćesar"}, {"Al", null}};
        for (String[] name : names) {
            ids.add(create("{\"firstName\":\"" + name[0] + "\"" + (name[1] == null ? "" : ",\"lastName\":\"" + name[1] + "\"")
                    + ",\"tags\":[\"" + tag + "\"]}"));
        }
        // touch the first one so it is the most recently updated
        assertThat(api.patch("/api/contacts/" + ids.get(0), "{\"jobTitle\":\"Updated\"}", Map.of("If-Match", "\"0\"")).status()).isEqualTo(200);

        assertThat(all(tag, "createdAt")).containsExactlyElementsOf(ids);
        assertThat(all(tag, "-createdAt")).containsExactlyElementsOf(ids.reversed());
        // no last name sorts first; then Ahl, Berg (Anna before Carl), Ćesar (accents folded)
        List<String> byName = List.of(ids.get(4), ids.get(2), ids.get(1), ids.get(0), ids.get(3));
        assertThat(all(tag, "lastName")).containsExactlyElementsOf(byName);
        assertThat(all(tag, "-lastName")).containsExactlyElementsOf(byName.reversed());
        List<String> byUpdate = all(tag, "updatedAt");
        assertThat(byUpdate).hasSize(5).doesNotHaveDuplicates().last().isEqualTo(ids.get(0));
        assertThat(all(tag, "-updatedAt")).containsExactlyElementsOf(byUpdate.reversed());

        Response page = api.get("/api/contacts?limit=2&sort=lastName&tag=" + tag);
        String cursor = page.json().get("nextCursor").asString();
        Response mismatched = api.get("/api/contacts?limit=2&sort=updatedAt&tag=" + tag + "&cursor=" + cursor);
        assertThat(mismatched.status()).isEqualTo(400);
        assertThat(mismatched.header("Content-Type")).startsWith("application/problem+json");
    }

    private List<String> all(String tag, String sort) {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = api.get("/api/contacts?limit=2&tag=" + tag + "&sort=" + sort + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            page.json().get("items").forEach(item -> seen.add(item.get("id").asString()));
            cursor = page.json().get("nextCursor").isNull() ? null : page.json().get("nextCursor").asString();
            pages++;
        } while (cursor != null && pages < 100);
        return seen;
    }

    private List<String> search(String query) {
        Response response = api.get("/api/contacts?limit=200&" + query);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("items").valueStream().map(c -> c.get("id").asString()).toList();
    }

    private String create(String json) {
        Response response = api.post("/api/contacts", json);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("id").asString();
    }

    private static String unique() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            s.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
        }
        return s.toString();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
