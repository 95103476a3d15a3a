package io.pulsecrm.deploy.helm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;

/**
 * Checks rendered objects the way a strict API server would: against their typed model (fabric8's Kubernetes, Gateway
 * API and Prometheus operator models, Strimzi's api module) with no type coercion and no field the model does not
 * know, or, for kinds without a Java model, against their CRD's OpenAPI schema with unknown fields refused.
 * <p>
 * The typed models keep unknown keys in {@code additionalProperties} instead of failing; every object reached from
 * the root is inspected, so a misspelt field anywhere is reported with its path.
 */
public final class StrictModels {

    private static final Map<String, Class<?>> TYPED = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("gateway.networking.k8s.io/v1/HTTPRoute", HTTPRoute.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
            Map.entry("monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class),
            Map.entry("kafka.strimzi.io/v1beta2/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaUser", KafkaUser.class));

    /** Kinds without a Java model: their CRDs (kept in src/test/resources/crds, with where they come from). */
    private static final Map<String, String> CRDS = Map.of(
            "keda.sh/v1alpha1/ScaledObject", "crds/keda.sh_scaledobjects.yaml",
            "keda.sh/v1alpha1/TriggerAuthentication", "crds/keda.sh_triggerauthentications.yaml",
            "mongodbcommunity.mongodb.com/v1/MongoDBCommunity", "crds/mongodbcommunity.mongodb.com_mongodbcommunity.yaml");

    private static final ObjectMapper STRICT = JsonMapper.builder()
            // "2" where a number belongs is refused by the API server; don't let the model accept it
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    private StrictModels() {
    }

    public static boolean knows(JsonNode object) {
        String key = key(object);
        return TYPED.containsKey(key) || CRDS.containsKey(key);
    }

    /** What is wrong with the object: an empty list when a strict API server would take it. */
    public static List<String> problems(JsonNode object) {
        String key = key(object);
        if (TYPED.containsKey(key)) {
            return typedProblems(object, TYPED.get(key));
        }
        if (CRDS.containsKey(key)) {
            return schemaProblems(object, CRDS.get(key));
        }
        return List.of("no model or CRD schema for " + key);
    }

    /** The typed model of an object this class knows, e.g. to read a Deployment's pod template. */
    public static <T> T typed(JsonNode object, Class<T> type) {
        try {
            return STRICT.treeToValue(object, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String key(JsonNode object) {
        return object.path("apiVersion").asText() + "/" + object.path("kind").asText();
    }

    private static List<String> typedProblems(JsonNode object, Class<?> type) {
        Object model;
        try {
            model = STRICT.treeToValue(object, type);
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            String where = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(java.util.stream.Collectors.joining()).replaceFirst("^\\.", "");
            return List.of(e.getOriginalMessage().lines().findFirst().orElse(e.toString()) + " at " + where);
        } catch (IOException e) {
            return List.of(e.getMessage().lines().findFirst().orElse(e.toString()));
        }
        List<String> problems = new ArrayList<>();
        unknownFields(model, "", problems);
        return problems;
    }

    private static void unknownFields(Object model, String path, List<String> problems) {
        if (model == null || model instanceof CharSequence || model instanceof Number || model instanceof Boolean
                || model instanceof Enum<?>) {
            return;
        }
        if (model instanceof Map<?, ?> map) {
            map.forEach((key, value) -> unknownFields(value, path + "." + key, problems));
            return;
        }
        if (model instanceof Collection<?> collection) {
            int index = 0;
            for (Object element : collection) {
                unknownFields(element, path + "[" + index++ + "]", problems);
            }
            return;
        }
        String type = model.getClass().getName();
        if (!type.startsWith("io.fabric8.") && !type.startsWith("io.strimzi.")) {
            return;
        }
        BeanDescription bean = STRICT.getSerializationConfig().introspect(STRICT.constructType(model.getClass()));
        boolean unknownChecked = false;
        for (BeanPropertyDefinition property : bean.findProperties()) {
            AnnotatedMember accessor = property.getAccessor();
            if (accessor == null) {
                continue;
            }
            Object value;
            try {
                value = accessor.getValue(model);
            } catch (RuntimeException e) {
                continue;
            }
            if (property.getName().equals("additionalProperties") || accessor.hasAnnotation(com.fasterxml.jackson.annotation.JsonAnyGetter.class)) {
                unknownChecked = true;
                if (value instanceof Map<?, ?> unknown && !unknown.isEmpty()) {
                    problems.add(unknownFieldsMessage(unknown, path));
                }
                continue;
            }
            unknownFields(value, path.isEmpty() ? property.getName() : path + "." + property.getName(), problems);
        }
        // models whose any-getter is not a bean property (fabric8 keeps unknown keys behind @JsonAnyGetter)
        try {
            var getter = model.getClass().getMethod("getAdditionalProperties");
            if (!unknownChecked && getter.invoke(model) instanceof Map<?, ?> unknown && !unknown.isEmpty()) {
                problems.add(unknownFieldsMessage(unknown, path));
            }
        } catch (NoSuchMethodException e) {
            // no place for unknown fields: FAIL_ON_UNKNOWN_PROPERTIES caught them while reading
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String unknownFieldsMessage(Map<?, ?> unknown, String path) {
        return "unknown field " + String.join(", ", unknown.keySet().stream().map(String::valueOf).sorted().toList())
                + " at " + (path.isEmpty() ? "the root" : path);
    }

    // --- CRD schemas

    private static final Map<String, JsonSchema> SCHEMAS = new java.util.concurrent.ConcurrentHashMap<>();

    private static List<String> schemaProblems(JsonNode object, String crd) {
        JsonSchema schema = SCHEMAS.computeIfAbsent(crd + "@" + object.path("apiVersion").asText(),
                k -> loadSchema(crd, object.path("apiVersion").asText()));
        Set<ValidationMessage> messages = schema.validate(object);
        return messages.stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    private static JsonSchema loadSchema(String crd, String apiVersion) {
        try (InputStream in = StrictModels.class.getClassLoader().getResourceAsStream(crd)) {
            if (in == null) {
                throw new IllegalStateException("missing " + crd);
            }
            JsonNode definition = RenderedChart.YAML.readTree(in);
            String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
            for (JsonNode candidate : definition.path("spec").path("versions")) {
                if (candidate.path("name").asText().equals(version)) {
                    ObjectNode openApi = candidate.path("schema").path("openAPIV3Schema").deepCopy();
                    closeObjects(openApi);
                    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(openApi);
                }
            }
            throw new IllegalStateException(crd + " has no version " + version);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Structural CRD schemas leave out {@code additionalProperties: false}; the API server still drops (or, with
     * strict field validation, refuses) fields they do not list. Say so explicitly, except where the schema keeps
     * unknown fields on purpose ({@code x-kubernetes-preserve-unknown-fields}).
     */
    private static void closeObjects(JsonNode schema) {
        if (schema instanceof ObjectNode node) {
            boolean preserves = node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
            if (node.has("properties") && !node.has("additionalProperties") && !preserves) {
                node.put("additionalProperties", false);
            }
            if (node.path("x-kubernetes-int-or-string").asBoolean(false)) {
                node.remove("type");
                ArrayNode anyOf = node.putArray("anyOf");
                anyOf.addObject().put("type", "integer");
                anyOf.addObject().put("type", "string");
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                closeObjects(fields.next().getValue());
            }
        } else if (schema instanceof ArrayNode array) {
            array.forEach(StrictModels::closeObjects);
        }
    }
}
