package io.pulsecrm.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.pulsecrm.platform.test.RawHttp;
import io.pulsecrm.platform.web.testapp.EdgeTestApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a component behind the platform's HTTP edge answers to the inputs of issue #15, over a real socket, byte
 * for byte: every error a problem+json document that says what is wrong in the caller's terms, bounded in size,
 * and a refused request changes nothing.
 */
@SpringBootTest(classes = EdgeTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebEdgeTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    RawHttp http;

    @BeforeEach
    void connect() {
        http = new RawHttp(URI.create("http://127.0.0.1:" + port));
    }

    @Test
    void aQueryValueThatIsNotUtf8IsABadRequest() {
        JsonNode problem = problem(get("/things?limit=%FF"), 400);
        assertThat(problem.get("detail").asString()).contains("not valid percent-encoded UTF-8");
        problem(get("/things?limit=%C0%80"), 400);
        problem(get("/things?q=%E2%82"), 400);
        assertThat(get("/things?q=%C3%A9").status()).isEqualTo(200);
    }

    @Test
    void controlCharactersInQueryNamesAndValuesAreBadRequests() {
        assertThat(problem(get("/things?q=%00"), 400).get("detail").asString()).contains("'q'").contains("control");
        problem(get("/things?a%00b=1"), 400);
        problem(get("/things?q=a%0Ab"), 400);
    }

    @Test
    void aMultipartBodyWithoutBoundaryIsUnsupportedNotAFailure() {
        problem(post("/things", "multipart/form-data", "{\"name\":\"a\"}"), 415);
        problem(post("/things", "multipart/form-data; boundary=x", "--x\r\n\r\n--x--"), 415);
    }

    @Test
    void aContentTypeThatIsNoConcreteMediaTypeIsUnsupported() {
        int before = EdgeTestApplication.Things.CREATED.get();
        for (String type : new String[] {"application/*", "*/*", ";;;", "json"}) {
            assertThat(problem(post("/things", type, "{\"name\":\"a\"}"), 415).get("detail").asString())
                    .as(type).contains("one concrete media type");
        }
        assertThat(EdgeTestApplication.Things.CREATED.get()).isEqualTo(before);
    }

    @Test
    void aNullInsideAListIsRefusedByField() {
        JsonNode problem = problem(post("/things", "application/json", "{\"name\":\"a\",\"tags\":[\"x\",null]}"), 400);
        assertThat(problem.get("detail").asString()).isEqualTo("Field 'tags[1]' must not be null");
        assertThat(fields(problem)).containsEntry("tags[1]", "must not be null");
    }

    @Test
    void numbersBeyondWhatJavaOrBsonHoldAreRefusedByField() {
        assertThat(fields(problem(post("/things", "application/json", "{\"amount\":1e309}"), 400)))
                .containsEntry("amount", "is a number out of range");
        assertThat(fields(problem(post("/things", "application/json", "{\"extras\":{\"k\":-1e309}}"), 400)))
                .containsEntry("extras.k", "is a number out of range");
        assertThat(fields(problem(post("/things", "application/json", "{\"extras\":{\"n\":[1,123456789012345678901234567890]}}"), 400)))
                .containsEntry("extras.n[1]", "is a number out of range");
        assertThat(post("/things", "application/json", "{\"amount\":1e-400}").status()).as("underflow is zero").isEqualTo(201);
    }

    @Test
    void hugeCollectionsAndDeepNestingAreRefusedQuicklyWithOneSmallProblem() {
        RawHttp.Reply tooMany = post("/things", "application/json",
                "{\"tags\":[" + "\"x\",".repeat(99_999) + "\"x\"]}");
        assertThat(fields(problem(tooMany, 400))).containsEntry("tags", "must have at most 1000 items");
        assertThat(tooMany.body().length).isLessThan(1024);

        RawHttp.Reply manyKeys = post("/things", "application/json", "{\"extras\":{" + keys(5000) + "}}");
        assertThat(fields(problem(manyKeys, 400))).containsEntry("extras", "must have at most 1000 members");

        RawHttp.Reply deep = post("/things", "application/json", "{\"extras\":{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}}");
        assertThat(problem(deep, 400).at("/errors/0/message").asString()).contains("nested more than 32 levels");
    }

    @Test
    void repeatedKeysNulAndBrokenSurrogatesAreRefused() {
        assertThat(fields(problem(post("/things", "application/json", "{\"name\":\"a\",\"name\":\"b\"}"), 400)))
                .containsEntry("name", "appears more than once");
        assertThat(fields(problem(post("/things", "application/json", "{\"name\":\"a\\u0000b\"}"), 400)))
                .containsKey("name");
        assertThat(fields(problem(post("/things", "application/json", "{\"name\":\"\\ud800x\"}"), 400)))
                .containsKey("name");
        assertThat(fields(problem(post("/things", "application/json", "{\"extras\":{\"a\\u0000\":1}}"), 400)))
                .containsKey("extras");
    }

    @Test
    void theNumberOfReportedProblemsIsBounded() {
        RawHttp.Reply reply = http.send("POST", "/many-problems", Map.of(), new byte[0]);
        JsonNode problem = problem(reply, 400);
        assertThat(problem.get("errors").size()).isEqualTo(20);
        assertThat(problem.get("errorCount").asInt()).isEqualTo(100_000);
        assertThat(reply.body().length).isLessThan(4096);
    }

    @Test
    void aRefusedAcceptIsA406BeforeTheOperationRuns() {
        int before = EdgeTestApplication.Things.CREATED.get();
        for (String accept : new String[] {"application/xml", "text/html", "application/problem+json"}) {
            RawHttp.Reply reply = http.send("POST", "/things", Map.of("Content-Type", "application/json",
                    "Accept", accept), "{\"name\":\"a\"}".getBytes(StandardCharsets.UTF_8));
            problem(reply, 406);
        }
        assertThat(EdgeTestApplication.Things.CREATED.get()).as("nothing was created").isEqualTo(before);
        assertThat(http.send("POST", "/things", Map.of("Content-Type", "application/json", "Accept", "application/*"),
                "{\"name\":\"a\"}".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(201);
    }

    @Test
    void errorsSayWhatIsWrongInTheCallersTermsNeverTheImplementations() {
        assertThat(problem(post("/things", "application/json", "[]"), 400).get("detail").asString())
                .isEqualTo("The body must be an object");
        assertThat(problem(post("/things", "application/json", "{\"name\":42}"), 400).get("detail").asString())
                .isEqualTo("Field 'name' must be a string (got 42)");
        assertThat(problem(post("/things", "application/json", "{\"tags\":\"x\"}"), 400).get("detail").asString())
                .isEqualTo("Field 'tags' must be an array");
        assertThat(problem(post("/things", "application/json", "{\"nope\":1}"), 400).get("detail").asString())
                .isEqualTo("Unknown field 'nope'");
        RawHttp.Reply failure = get("/boom");
        assertThat(problem(failure, 500).get("detail").asString()).doesNotContain("io.pulsecrm").doesNotContain("Exception");
    }

    @Test
    void failuresOutsideSpringMvcAreProblemsToo() {
        RawHttp.Reply filter = get("/filter-boom");
        assertThat(problem(filter, 500).toString()).doesNotContain("io.pulsecrm");
        // Tomcat refuses these before any servlet runs
        problem(get("/things/%FF"), 400);
        problem(get("/things/%C0%AF"), 400);
        RawHttp.Reply missing = get("/no-such-path");
        problem(missing, 404);
    }

    @Test
    void errorsArePlainProblemsWhateverTheCallerAccepts() {
        for (String accept : new String[] {"application/xml", "text/html", "garbage", "*/*;q=0"}) {
            problem(http.send("GET", "/things?limit=%FF", Map.of("Accept", accept), null), 400);
            problem(http.send("GET", "/no-such-path", Map.of("Accept", accept), null), 404);
            problem(http.send("GET", "/boom", Map.of("Accept", accept), null), 500);
            problem(http.send("GET", "/filter-boom", Map.of("Accept", accept), null), 500);
            // refused before its parameters are read when no answer it could give would be accepted
            problem(http.send("GET", "/things?limit=x", Map.of("Accept", accept), null), accept.startsWith("*/*") ? 400 : 406);
        }
    }

    @Test
    void requestSchemasStateTheCollectionCaps() {
        JsonNode document = JSON.readTree(get("/v3/api-docs").body());
        JsonNode thing = document.at("/components/schemas/Thing/properties");
        assertThat(thing.at("/tags/maxItems").asInt()).isEqualTo(1000);
        assertThat(thing.at("/extras/maxProperties").asInt()).isEqualTo(1000);
    }

    private RawHttp.Reply get(String target) {
        return http.send("GET", target, Map.of(), null);
    }

    private RawHttp.Reply post(String target, String contentType, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        return http.send("POST", target, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Asserts a problem document of that status and returns it. */
    private static JsonNode problem(RawHttp.Reply reply, int status) {
        assertThat(reply.status()).as(reply.describe()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).as(reply.describe()).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(reply.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asString()).startsWith("https://pulsecrm.io/problems/");
        assertThat(problem.get("title").asString()).isNotBlank();
        return problem;
    }

    private static Map<String, String> fields(JsonNode problem) {
        Map<String, String> fields = new LinkedHashMap<>();
        problem.path("errors").forEach(error -> fields.put(error.get("field").asString(), error.get("message").asString()));
        return fields;
    }

    private static String keys(int count) {
        StringBuilder keys = new StringBuilder();
        for (int i = 0; i < count; i++) {
            keys.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":1");
        }
        return keys.toString();
    }
}
