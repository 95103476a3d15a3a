package io.pulsecrm.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.ApiClient.Response;
import tools.jackson.databind.JsonNode;

/**
 * Real records for the fuzzer to aim at, so hostile requests reach the validation and the domain rules behind an
 * id instead of stopping at 404: one of each kind the API has, all owned by the run, created through the gateway.
 * Values for other path parameters and plausible fields are harvested from every answer the run sees.
 */
final class FuzzFixtures implements FuzzCases.Fixtures {

    private static final Pattern FEED_TOKEN = Pattern.compile("/calendar-feeds/([^/.]+)\\.ics");
    /** Fields whose plausible value is a directory member or team of the e2e directory, not an id of a record. */
    private static final Map<String, String> DIRECTORY = Map.of("ownerId", "alex", "assigneeId", "alex", "userId", "alex",
            "managerId", "maria", "teamId", "east", "team", "east", "currency", "EUR", "timeZone", "Europe/Berlin",
            "topic", "pulse.contacts.contact.v1", "objectType", "contact");

    /** The id to use in {@code <collection>/{id}} paths, by collection path. */
    private final Map<String, String> recordIds = new LinkedHashMap<>();
    /** The first value seen of each field name in any answer. */
    private final Map<String, String> harvested = new LinkedHashMap<>();

    static FuzzFixtures seed(ApiClient admin, String marker) {
        FuzzFixtures fixtures = new FuzzFixtures();
        JsonNode company = fixtures.create(admin, "/api/companies",
                "{\"name\":\"Fuzz Co " + marker + "\",\"domain\":\"fuzz-" + marker + ".example\"}");
        fixtures.create(admin, "/api/contacts", "{\"firstName\":\"Fuzz\",\"lastName\":\"" + marker + "\",\"email\":\"fuzz."
                + marker + "@example.com\",\"companyId\":\"" + company.get("id").asString() + "\",\"tags\":[\"fuzz\"]}");
        JsonNode pipeline = fixtures.create(admin, "/api/pipelines", "{\"name\":\"Fuzz " + marker + "\",\"lostReasons\":"
                + "[\"Price\"],\"stages\":[{\"name\":\"Lead\",\"probability\":10},{\"name\":\"Proposal\",\"probability\":50},"
                + "{\"name\":\"Won\",\"kind\":\"won\"},{\"name\":\"Lost\",\"kind\":\"lost\"}]}");
        fixtures.create(admin, "/api/deals", "{\"title\":\"Fuzz " + marker + "\",\"amount\":100,\"currency\":\"EUR\","
                + "\"pipelineId\":\"" + pipeline.get("id").asString() + "\"}");
        fixtures.create(admin, "/api/products", "{\"sku\":\"FUZZ-" + marker + "\",\"name\":\"Fuzz " + marker
                + "\",\"prices\":[{\"currency\":\"EUR\",\"amount\":10}]}");
        fixtures.create(admin, "/api/tasks", "{\"type\":\"todo\",\"title\":\"Fuzz " + marker + "\",\"assigneeId\":\"alex\"}");
        // a subject no event has: the subscription never delivers, so nothing changes it behind the run's back
        fixtures.create(admin, "/api/webhooks", "{\"targetUrl\":\"https://93.184.215.14/fuzz\",\"eventTypes\":"
                + "[\"pulse.task.*\"],\"subject\":\"never-" + marker + "\"}");
        fixtures.create(admin, "/api/automation/rules", "{\"name\":\"Fuzz " + marker + "\",\"trigger\":{\"type\":\"event\","
                + "\"events\":[\"pulse.deal.stage_changed.v1\"],\"field\":\"stage.name\",\"to\":\"Never " + marker + "\"},"
                + "\"actions\":[{\"type\":\"stop\"}]}");
        fixtures.create(admin, "/api/segments", "{\"name\":\"Fuzz " + marker + "\",\"filter\":{\"lifecycleStage\":\"lead\"}}");
        fixtures.create(admin, "/api/lead-forms", "{\"name\":\"Fuzz " + marker + "\"}");
        fixtures.create(admin, "/api/custom-fields", "{\"objectType\":\"contact\",\"key\":\"fuzz" + marker.replace("-", "")
                + "\",\"label\":\"Fuzz\",\"type\":\"text\"}");
        JsonNode feed = fixtures.create(admin, "/api/tasks/calendar-feeds", "{\"userId\":\"alex\"}");
        Matcher token = FEED_TOKEN.matcher(feed.path("url").asString());
        if (token.find()) {
            fixtures.harvested.put("token", token.group(1));
        }
        return fixtures;
    }

    private JsonNode create(ApiClient admin, String collection, String body) {
        Response created = admin.post(collection, body);
        assertThat(created.status()).as("fuzz fixture " + collection + ": " + created).isBetween(200, 201);
        JsonNode record = created.json();
        if (record.hasNonNull("id")) {
            recordIds.putIfAbsent(collection, record.get("id").asString());
        }
        harvest(record);
        return record;
    }

    /** Remembers the field values of an answer: ids for later paths, plausible values for later bodies. */
    void harvest(JsonNode node) {
        harvest(node, null);
    }

    private void harvest(JsonNode node, String arrayName) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            for (var field : node.properties()) {
                JsonNode value = field.getValue();
                if (value.isString() && !value.asString().isEmpty() && value.asString().length() <= 200) {
                    harvested.putIfAbsent(field.getKey(), value.asString());
                    if (field.getKey().equals("id") && arrayName != null && !arrayName.equals("items")) {
                        harvested.putIfAbsent(singular(arrayName) + "Id", value.asString());
                    }
                } else if (value.isContainer()) {
                    harvest(value, value.isArray() ? field.getKey() : null);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                harvest(item, arrayName);
            }
        }
    }

    /** Records of a collection as its list answers them, when the run made none itself. */
    void rememberIdsOf(String collection, JsonNode list) {
        JsonNode items = list.isArray() ? list : list.path("items");
        if (!recordIds.containsKey(collection) && items.isArray() && !items.isEmpty() && items.get(0).hasNonNull("id")) {
            recordIds.put(collection, items.get(0).get("id").asString());
        }
        harvest(list);
    }

    @Override
    public String valueFor(String name, String path) {
        if (name.equals("id")) {
            for (Map.Entry<String, String> record : recordIds.entrySet()) {
                if (path.startsWith(record.getKey() + "/{")) {
                    return record.getValue();
                }
            }
            return null;
        }
        if (DIRECTORY.containsKey(name)) {
            return DIRECTORY.get(name);
        }
        String known = harvested.get(name);
        if (known == null && name.endsWith("Id")) {
            String collection = "/api/" + name.substring(0, name.length() - 2) + "s";
            known = recordIds.get(collection);
        }
        return known;
    }

    List<String> collections() {
        return List.copyOf(recordIds.keySet());
    }

    private static String singular(String name) {
        return name.endsWith("ies") ? name.substring(0, name.length() - 3) + "y"
                : name.endsWith("s") ? name.substring(0, name.length() - 1) : name;
    }
}
