package io.pulsecrm.e2e;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import io.pulsecrm.e2e.OpenApiOperations.Operation;
import io.pulsecrm.e2e.OpenApiOperations.Parameter;
import io.pulsecrm.platform.test.RawHttp;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Hostile requests for one operation, derived from its OpenAPI description only, so a new operation is fuzzed
 * without a new test: every path parameter, query parameter and body field with wrong types, nulls, extremes,
 * huge and deeply nested values, odd encodings, and odd {@code Accept}, {@code Content-Type}, {@code If-Match} and
 * {@code Idempotency-Key} headers. A seeded {@link Random} picks among them, so a run is reproducible from its seed.
 * Each case starts from a plausible request (real ids where the fixtures have them) and breaks one thing.
 */
final class FuzzCases {

    /** One request to send and what was done to it. */
    record Case(String what, String method, String path, String query, Map<String, String> headers, byte[] body) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_CASES_PER_OPERATION = 34;
    private static final int FIELD_CASES = 10;

    /** Path segments sent raw: bad UTF-8, NUL, overlong encodings, traversal, huge, control characters. */
    private static final List<String> PATH_VALUES = List.of("%FF", "%00", "%C0%AF", "..%2F..%2Fadmin", "x".repeat(3000),
            "%E2%80%AE", "-1", "%20", "null", "%25", "a;b=c", "%5C", "%0A", "%7B%7D", "%F0%9F%98%80", "1e309",
            "%ED%A0%80");
    /** Query values sent raw (already encoded) for any parameter. */
    private static final List<String> ANY_QUERY_VALUES = List.of("%FF", "%00", "%C0%80", "a".repeat(4000), "%24where",
            "..%2F", "*", "(", "%5B", "%5C", ".*", "a%0Ab", "", "%E2%80%AE", "%25", "%ED%A0%80", "%F0%9F%98%80", "%3C");
    private static final List<String> NUMBER_QUERY_VALUES = List.of("abc", "-1", "0", "99999999999999999999", "1e309",
            "1.5", "-2147483649", "0x10", "NaN");
    private static final List<String> ACCEPTS = List.of("application/xml", "text/html", "*/*;q=0", "garbage",
            "application/json;q=abc", "text/csv", "application/problem+json", "image/*", "application/*;q=0.1, text/plain",
            "\u00e9/\u00e9");
    private static final List<String> CONTENT_TYPES = List.of("application/*", "multipart/form-data",
            "multipart/form-data; boundary=x", "text/plain", "application/json; charset=EBCDIC-XYZ", ";;;",
            "application/x-www-form-urlencoded", "application/json; charset=utf-16", "", "application/merge-patch+json",
            "text/csv", "application/json; charset=\u00e9");
    private static final List<String> IF_MATCHES = List.of("garbage", "\"99999999999999999999\"", "*", "W/\"-1\"",
            "\"\u00c3\u00a9\"", "\"1\", \"2\"", "", "\"" + "9".repeat(500) + "\"", "\"0\u0001\"");
    private static final List<String> IDEMPOTENCY_KEYS = List.of("\u00c3\u00a9", "k".repeat(300), " ", "a\u0001b",
            "\u00ff", "key\u007f");
    private static final List<String> ODD_HEADERS = List.of("X-Fuzz: \u0000\u007f", "X@Bad: 1", "X-Long: " + "h".repeat(9000),
            "Cookie: SESSION=x; " + "c".repeat(2000), "X-Forwarded-For: not-an-ip", "Content-Encoding: gzip",
            "Expect: 100-continue", "Range: bytes=0-1,1-2,2-3");

    private final Random random;
    private final Fixtures fixtures;
    private final Function<String, JsonNode> createSchemaOf;

    /**
     * @param createSchemaOf the body schema of {@code POST <collection>}: what a merge patch of its records may
     *                       hold, for patches documented as any JSON object
     */
    FuzzCases(long seed, Fixtures fixtures, Function<String, JsonNode> createSchemaOf) {
        this.random = new Random(seed);
        this.fixtures = fixtures;
        this.createSchemaOf = createSchemaOf;
    }

    /** Values for path parameters and plausible fields, from the records the run created and saw. */
    interface Fixtures {
        /** A real value for a parameter or field of this name in this path, or null. */
        String valueFor(String name, String path);
    }

    List<Case> of(Operation operation) {
        List<Case> cases = new ArrayList<>();
        Map<String, String> pathValues = new LinkedHashMap<>();
        for (Parameter parameter : operation.in("path")) {
            String value = fixtures.valueFor(parameter.name(), operation.path());
            pathValues.put(parameter.name(), encode(value == null ? "fuzz-" + parameter.name() : value));
        }
        Map<String, String> query = plausibleQuery(operation);
        JsonNode body = plausibleBody(operation);
        String contentType = operation.bodyTypes().isEmpty() ? null : operation.bodyTypes().getFirst();

        cases.add(build(operation, "plausible request", pathValues, query, Map.of(), body, contentType));
        for (Parameter parameter : operation.in("path")) {
            for (String value : pick(PATH_VALUES, 3)) {
                Map<String, String> path = new LinkedHashMap<>(pathValues);
                path.put(parameter.name(), value);
                cases.add(build(operation, "path " + parameter.name() + "=" + RawHttp.abbreviate(value, 40), path, query,
                        Map.of(), body, contentType));
            }
        }
        for (Parameter parameter : pick(operation.in("query"), 4)) {
            boolean numeric = isNumeric(parameter.schema());
            for (String value : pick(numeric ? NUMBER_QUERY_VALUES : ANY_QUERY_VALUES, 2)) {
                Map<String, String> mutated = new LinkedHashMap<>(query);
                mutated.put(parameter.name(), value);
                cases.add(build(operation, "query " + parameter.name() + "=" + RawHttp.abbreviate(value, 40), pathValues,
                        mutated, Map.of(), body, contentType));
            }
        }
        Map<String, String> undeclared = new LinkedHashMap<>(query);
        undeclared.put("%24where", "1");
        undeclared.put("a.b", "%00");
        undeclared.put(pick(ANY_QUERY_VALUES, 1).getFirst(), "x");
        cases.add(build(operation, "undeclared query parameters", pathValues, undeclared, Map.of(), body, contentType));

        for (String accept : pick(ACCEPTS, 2)) {
            cases.add(build(operation, "Accept " + accept, pathValues, query, Map.of("Accept", accept), body, contentType));
        }
        if (operation.changes()) {
            String ifMatch = pick(IF_MATCHES, 1).getFirst();
            cases.add(build(operation, "If-Match " + RawHttp.abbreviate(ifMatch, 40), pathValues, query,
                    Map.of("If-Match", ifMatch), body, contentType));
            String key = pick(IDEMPOTENCY_KEYS, 1).getFirst();
            cases.add(build(operation, "Idempotency-Key " + RawHttp.abbreviate(key, 40), pathValues, query,
                    Map.of("Idempotency-Key", key), body, contentType));
        }
        String odd = pick(ODD_HEADERS, 1).getFirst();
        int colon = odd.indexOf(':');
        cases.add(build(operation, "header " + RawHttp.abbreviate(odd, 40), pathValues, query,
                Map.of(odd.substring(0, colon), odd.substring(colon + 2)), body, contentType));

        if (body != null || operation.changes()) {
            for (String type : pick(CONTENT_TYPES, 2)) {
                cases.add(build(operation, "Content-Type " + type, pathValues, query, Map.of(), body, type));
            }
        }
        if (body != null) {
            for (Map.Entry<String, byte[]> whole : pick(wholeBodies(body), 3)) {
                cases.add(new Case("body " + whole.getKey(), operation.method(), path(operation, pathValues), queryString(query),
                        Map.of("Content-Type", contentType), whole.getValue()));
            }
            for (FieldCase field : pick(fieldCases(operation, body), FIELD_CASES)) {
                String at = field.path().isEmpty() ? field.field() : field.path() + "." + field.field();
                cases.add(new Case("field " + at + " " + field.what(), operation.method(), path(operation, pathValues),
                        queryString(query), Map.of("Content-Type", contentType), withField(body, field)));
            }
        }
        return cases.size() <= MAX_CASES_PER_OPERATION ? cases : cases.subList(0, MAX_CASES_PER_OPERATION);
    }

    private Case build(Operation operation, String what, Map<String, String> pathValues, Map<String, String> query,
                       Map<String, String> headers, JsonNode body, String contentType) {
        Map<String, String> allHeaders = new LinkedHashMap<>();
        if (contentType != null && body != null) {
            allHeaders.put("Content-Type", contentType);
        }
        allHeaders.putAll(headers);
        byte[] bytes = body == null ? (operation.changes() ? new byte[0] : null)
                : JSON.writeValueAsBytes(body);
        return new Case(what, operation.method(), path(operation, pathValues), queryString(query), allHeaders, bytes);
    }

    private static String path(Operation operation, Map<String, String> values) {
        String path = operation.path();
        for (var value : values.entrySet()) {
            path = path.replace("{" + value.getKey() + "}", value.getValue());
        }
        return path;
    }

    private static String queryString(Map<String, String> query) {
        StringBuilder text = new StringBuilder();
        query.forEach((name, value) -> text.append(text.isEmpty() ? "" : "&").append(name).append('=').append(value));
        return text.toString();
    }

    private Map<String, String> plausibleQuery(Operation operation) {
        Map<String, String> query = new LinkedHashMap<>();
        for (Parameter parameter : operation.in("query")) {
            if (parameter.required() || random.nextInt(3) == 0) {
                JsonNode value = plausible(parameter.name(), parameter.schema(), operation, 0);
                if (value.isValueNode() && !value.isNull()) {
                    query.put(encode(parameter.name()), encode(value.asString()));
                }
            }
        }
        return query;
    }

    private JsonNode plausibleBody(Operation operation) {
        if (operation.bodySchema() == null) {
            return null;
        }
        JsonNode schema = bodySchemaOf(operation);
        return plausible("body", schema, operation, 0);
    }

    /** A patch documented as any object takes the fields of the record it changes: those of its create body. */
    private JsonNode bodySchemaOf(Operation operation) {
        JsonNode schema = operation.schemas().resolve(operation.bodySchema());
        if (schema.path("properties").isEmpty() && operation.method().equals("PATCH")) {
            String collection = operation.path().replaceAll("/\\{[^}]+}.*$", "");
            JsonNode create = createSchemaOf.apply(collection);
            if (create != null) {
                return operation.schemas().resolve(create);
            }
        }
        return schema;
    }

    private JsonNode plausible(String name, JsonNode declared, Operation operation, int depth) {
        JsonNode schema = operation.schemas().resolve(declared);
        String type = type(schema);
        if (schema.has("enum") && !schema.get("enum").isEmpty()) {
            return schema.get("enum").get(0);
        }
        switch (type) {
            case "integer" -> {
                return NODES.numberNode(name.equals("limit") ? 10 : 1);
            }
            case "number" -> {
                return NODES.numberNode(1.5);
            }
            case "boolean" -> {
                return NODES.booleanNode(true);
            }
            case "array" -> {
                var array = NODES.arrayNode();
                if (depth < 3) {
                    array.add(plausible(singular(name), schema.path("items"), operation, depth + 1));
                }
                return array;
            }
            case "object" -> {
                ObjectNode object = NODES.objectNode();
                if (depth < 3) {
                    schema.path("properties").properties().forEach(property ->
                            object.set(property.getKey(), plausible(property.getKey(), property.getValue(), operation, depth + 1)));
                }
                return object;
            }
            default -> {
                return NODES.stringNode(plausibleText(name, schema, operation.path()));
            }
        }
    }

    private String plausibleText(String name, JsonNode schema, String path) {
        String known = fixtures.valueFor(name, path);
        if (known != null) {
            return known;
        }
        return switch (schema.path("format").asString("")) {
            case "date" -> "2027-03-31";
            case "date-time" -> "2027-03-31T10:00:00Z";
            case "email" -> "fuzz@example.com";
            case "uri", "url" -> "https://93.184.215.14/fuzz";
            default -> "fuzz " + name;
        };
    }

    /** The body as a whole replaced by something that is not the object the operation expects. */
    private List<Map.Entry<String, byte[]>> wholeBodies(JsonNode body) {
        String plausible = JSON.writeValueAsString(body);
        String withDuplicate = plausible.startsWith("{") && plausible.length() > 2
                ? "{\"ownerId\":\"alex\",\"ownerId\":\"mallory\"," + plausible.substring(1) : "{\"a\":1,\"a\":2}";
        return List.of(
                Map.entry("empty", new byte[0]),
                Map.entry("truncated JSON", "{".getBytes(StandardCharsets.UTF_8)),
                Map.entry("an array", "[]".getBytes(StandardCharsets.UTF_8)),
                Map.entry("null", "null".getBytes(StandardCharsets.UTF_8)),
                Map.entry("a string", "\"x\"".getBytes(StandardCharsets.UTF_8)),
                Map.entry("not UTF-8", new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'}),
                Map.entry("with a BOM", ("\ufeff" + plausible).getBytes(StandardCharsets.UTF_8)),
                Map.entry("nested 5000 deep", ("[".repeat(5000) + "]".repeat(5000)).getBytes(StandardCharsets.UTF_8)),
                Map.entry("an array of 300000 items", ("[" + "0,".repeat(299_999) + "0]").getBytes(StandardCharsets.UTF_8)),
                Map.entry("a 900 KB string", ("{\"name\":\"" + "x".repeat(900_000) + "\"}").getBytes(StandardCharsets.UTF_8)),
                Map.entry("over 1 MB", ("{\"name\":\"" + "x".repeat(1_200_000) + "\"}").getBytes(StandardCharsets.UTF_8)),
                Map.entry("duplicate keys", withDuplicate.getBytes(StandardCharsets.UTF_8)),
                Map.entry("operator keys", "{\"$where\":\"sleep(1000)\",\"a.b\":1,\"$set\":{\"ownerId\":\"x\"}}"
                        .getBytes(StandardCharsets.UTF_8)),
                Map.entry("1e309 at the top", "1e309".getBytes(StandardCharsets.UTF_8)));
    }

    /** One field (at any depth) of the plausible body to replace by a hostile value, given as raw JSON text. */
    private record FieldCase(String path, String field, String what, String json) {
    }

    /** A string no plausible body contains, replaced by the hostile JSON text after serialisation. */
    private static final String PLACEHOLDER = "\u0001fuzz-value\u0001";

    private List<FieldCase> fieldCases(Operation operation, JsonNode body) {
        List<FieldCase> cases = new ArrayList<>();
        collectFieldCases(operation, body, bodySchemaOf(operation), "", cases, 0);
        return cases;
    }

    private void collectFieldCases(Operation operation, JsonNode node, JsonNode declared, String path,
                                   List<FieldCase> cases, int depth) {
        if (!(node instanceof ObjectNode object) || depth > 2) {
            return;
        }
        JsonNode schema = operation.schemas().resolve(declared);
        for (String field : List.copyOf(object.propertyNames())) {
            JsonNode fieldSchema = operation.schemas().resolve(schema.path("properties").path(field));
            for (Map.Entry<String, String> hostile : hostileValues(type(fieldSchema))) {
                cases.add(new FieldCase(path, field, hostile.getKey(), hostile.getValue()));
            }
            collectFieldCases(operation, object.get(field), fieldSchema, path.isEmpty() ? field : path + "." + field,
                    cases, depth + 1);
        }
        // a key the schema does not have, of a kind that must never reach a store as an operator or a path
        for (String key : List.of("$where", "a.b", "$set", "__proto__", "k\u0000")) {
            cases.add(new FieldCase(path, key, "as an unknown key", "1"));
        }
    }

    /** The body with the field replaced; the JSON text is spliced in as is (it may be beyond what a parser makes). */
    private static byte[] withField(JsonNode body, FieldCase field) {
        JsonNode copy = body.deepCopy();
        JsonNode parent = field.path().isEmpty() ? copy : copy.at("/" + field.path().replace(".", "/"));
        if (!(parent instanceof ObjectNode object)) {
            return JSON.writeValueAsBytes(copy);
        }
        String key = field.field().replace("\\u0000", "\u0000");
        object.put(key, PLACEHOLDER);
        return JSON.writeValueAsString(copy).replace(JSON.writeValueAsString(PLACEHOLDER), field.json())
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Hostile values for a field of the given JSON type, as JSON text. */
    private List<Map.Entry<String, String>> hostileValues(String type) {
        return List.of(
                Map.entry("null", "null"),
                Map.entry("of the wrong type", switch (type) {
                    case "string" -> random.nextBoolean() ? "42" : "{}";
                    case "integer", "number" -> random.nextBoolean() ? "\"42\"" : "true";
                    case "boolean" -> "\"true\"";
                    case "array" -> "\"x\"";
                    default -> "[1]";
                }),
                Map.entry("1e309", "1e309"),
                Map.entry("-1e309", "-1e309"),
                Map.entry("a 30-digit integer", "123456789012345678901234567890"),
                Map.entry("-0 or 1e-400", random.nextBoolean() ? "-0" : "1e-400"),
                Map.entry("of 100000 characters", "\"" + "a".repeat(100_000) + "\""),
                Map.entry("with NUL", "\"a\\u0000b\""),
                Map.entry("with half a surrogate pair", "\"\\ud800x\""),
                Map.entry("with control and bidi characters", "\"\\u202e\\u0007\\u001b[31m\\r\\n\""),
                Map.entry("empty", "\"\""),
                Map.entry("nested 300 deep", "[{\"a\":".repeat(150) + "1" + "}]".repeat(150)),
                Map.entry("[null]", "[null]"),
                Map.entry("with 5000 items", "[" + "\"x\",".repeat(4999) + "\"x\"]"),
                Map.entry("with 100000 items", "[" + "0,".repeat(99_999) + "0]"),
                Map.entry("[1e309]", "[1e309]"),
                Map.entry("an object with 5000 keys", manyKeys(5000)),
                Map.entry("an object with operator keys", "{\"$where\":1,\"a.b\":1,\"k\\u0000\":1}"),
                Map.entry("an object holding 1e309", "{\"k\":1e309}"));
    }

    private static String manyKeys(int keys) {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < keys; i++) {
            json.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        return json.append('}').toString();
    }

    private <T> List<T> pick(List<T> from, int count) {
        List<T> copy = new ArrayList<>(from);
        java.util.Collections.shuffle(copy, random);
        return copy.subList(0, Math.min(count, copy.size()));
    }

    private static boolean isNumeric(JsonNode schema) {
        String type = type(schema);
        return type.equals("integer") || type.equals("number");
    }

    static String type(JsonNode schema) {
        if (schema.path("type").isString()) {
            return schema.path("type").asString();
        }
        if (schema.path("type").isArray()) {
            for (JsonNode type : schema.path("type")) {
                if (!type.asString().equals("null")) {
                    return type.asString();
                }
            }
        }
        if (schema.has("properties") || schema.has("additionalProperties")) {
            return "object";
        }
        if (schema.has("items")) {
            return "array";
        }
        return "string";
    }

    private static String singular(String name) {
        return name.endsWith("ies") ? name.substring(0, name.length() - 3) + "y"
                : name.endsWith("s") ? name.substring(0, name.length() - 1) : name;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
