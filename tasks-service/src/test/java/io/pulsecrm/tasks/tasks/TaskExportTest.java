package io.pulsecrm.tasks.tasks;

import static io.pulsecrm.tasks.ProblemAssertions.fields;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.pulsecrm.platform.identity.Role;
import io.pulsecrm.platform.tabular.Table;
import io.pulsecrm.platform.tabular.TableSettings;
import io.pulsecrm.platform.tabular.Tables;
import io.pulsecrm.platform.tabular.TabularFormat;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.ServiceApiTest;
import io.pulsecrm.platform.test.TestIdentity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/tasks/export} over HTTP: the list's tasks for its filters and the caller's visibility, as CSV that
 * Excel opens (BOM, the chosen delimiter) or xlsx, Cyrillic intact; bad options are a 400 naming the parameter.
 */
class TaskExportTest extends ServiceApiTest {

    private static final String TITLE = "Позвонить; уточнить «смету»";

    /** Fresh members and a fresh contact per test, so exports hold only what the test made. */
    String eastRep;
    String westRep;
    String contact;

    @BeforeEach
    void people() {
        String suffix = port + "-" + System.nanoTime();
        eastRep = "export-east-" + suffix;
        westRep = "export-west-" + suffix;
        TestIdentity.shared().addUser(eastRep, Role.REP, "east");
        TestIdentity.shared().addUser(westRep, Role.REP, "west");
        contact = "contact-export-" + suffix;
    }

    private String create(ApiClient client, String title, String type) {
        Response response = client.post("/api/tasks", """
                {"type":"%s","title":"%s","contactId":"%s","dueAt":"2030-01-15T09:30:00Z","timeZone":"Europe/Moscow"}"""
                .formatted(type, title, contact));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("id").asString();
    }

    @Test
    void semicolonCsvKeepsCyrillicWithAByteOrderMarkAndOnlyTheCallersTasks() {
        String mine = create(apiAs(eastRep), TITLE, "call");
        String theirs = create(apiAs(westRep), "West", "call");

        HttpResponse<byte[]> csv = apiAs(eastRep).download("/api/tasks/export?delimiter=;&contactId=" + contact);

        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow()).contains("tasks.csv");
        byte[] bytes = csv.body();
        assertThat(List.of(bytes[0] & 0xff, bytes[1] & 0xff, bytes[2] & 0xff)).containsExactly(0xEF, 0xBB, 0xBF);
        List<String> lines = new String(bytes, StandardCharsets.UTF_8).substring(1).lines().toList();
        assertThat(lines.getFirst()).isEqualTo(String.join(";", TaskExport.COLUMNS));
        // the rep's own task only: the west rep's is not theirs to see
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).startsWith(mine + ";\"" + TITLE + "\";call;").contains(";2030-01-15T09:30:00Z;")
                .contains(";Europe/Moscow;").contains(";" + eastRep + ";").doesNotContain(theirs);
        HttpResponse<byte[]> all = api.download("/api/tasks/export?contactId=" + contact);
        assertThat(new String(all.body(), StandardCharsets.UTF_8)).contains(mine, theirs);
    }

    @Test
    void xlsxReadsBackWithTheListsFilters() throws IOException {
        String call = create(api, TITLE, "call");
        create(api, "Письмо", "email");

        HttpResponse<byte[]> xlsx = api.download("/api/tasks/export?format=xlsx&type=call&contactId=" + contact);

        assertThat(xlsx.statusCode()).isEqualTo(200);
        assertThat(xlsx.headers().firstValue("Content-Type").orElseThrow()).startsWith(TabularFormat.XLSX_MEDIA_TYPE);
        List<List<String>> rows = new ArrayList<>();
        try (Table table = Tables.open(new ByteArrayInputStream(xlsx.body()), new TableSettings(TabularFormat.XLSX, null, null, null))) {
            assertThat(table.columns()).containsExactlyElementsOf(TaskExport.COLUMNS);
            Table.Row row;
            while ((row = table.next()) != null) {
                rows.add(row.cells());
            }
        }
        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst().subList(0, 3)).containsExactly(call, TITLE, "call");
        assertThat(rows.getFirst().get(TaskExport.COLUMNS.indexOf("dueLocal"))).startsWith("2030-01-15T12:30");
    }

    @Test
    void badOptionsAndFiltersAreProblemsNamingTheParameter() {
        for (Map.Entry<String, String> bad : Map.of("format=pdf", "format", "delimiter=x", "delimiter", "bom=maybe", "bom",
                "type=party", "type", "dueFrom=tomorrow", "dueFrom").entrySet()) {
            Response response = api.get("/api/tasks/export?" + bad.getKey());
            assertThat(response.status()).as(response.toString()).isEqualTo(400);
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            assertThat(fields(response)).as(bad.getKey()).contains(bad.getValue());
        }
    }
}
