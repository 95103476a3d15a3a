package io.pulsecrm.deploy.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the services' code and contracts say about Kafka and configuration, read from the sources (the chart tests
 * compare the chart with it, so neither can drift from the other): the topics of docs/asyncapi.yaml, the topic of
 * each {@code @Aggregate}, the consumer group and topics of each {@code @KafkaListener}, and the environment
 * variables a component reads whose defaults only fit a developer's machine.
 */
public final class CodeFacts {

    private static final Pattern CONSTANT = Pattern.compile("(\\w+)\\s*=\\s*\"([^\"]*)\"\\s*;");
    private static final Pattern CLASS_NAME = Pattern.compile("(?:class|record|interface|enum)\\s+(\\w+)");
    private static final Pattern AGGREGATE = Pattern.compile("@Aggregate\\((.*?)\\)\\s*(?:@|public|final|class)", Pattern.DOTALL);
    private static final Pattern LISTENER = Pattern.compile("@KafkaListener\\((.*?)\\)\\s*(?:public\\s+|protected\\s+)?void", Pattern.DOTALL);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]+)(?::([^}]*))?}");

    private final Path repo;

    public CodeFacts(Path repo) {
        this.repo = repo;
    }

    /** Channel addresses of docs/asyncapi.yaml: every topic Pulse publishes to for others. */
    public Set<String> asyncApiTopics() {
        try {
            JsonNode asyncApi = RenderedChart.YAML.readTree(repo.resolve("docs/asyncapi.yaml").toFile());
            Set<String> topics = new TreeSet<>();
            asyncApi.path("channels").forEach(channel -> topics.add(channel.path("address").asText()));
            return topics;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Topics the module's aggregates publish to (their {@code @Aggregate(topic = ...)}). */
    public Set<String> producedTopics(String module) {
        Map<String, String> constants = constants(module);
        Set<String> topics = new TreeSet<>();
        for (String source : sources(module)) {
            Matcher aggregate = AGGREGATE.matcher(source);
            while (aggregate.find()) {
                Matcher topic = Pattern.compile("topic\\s*=\\s*([\\w.\"]+)").matcher(aggregate.group(1));
                if (topic.find()) {
                    topics.add(resolve(topic.group(1), constants, source));
                }
            }
        }
        return topics;
    }

    /**
     * Consumer group -> topics of the module's {@code @KafkaListener}s. A listener without its own group uses the
     * application's ({@code spring.kafka.consumer.group-id}, the application name); a topic pattern is matched
     * against {@code knownTopics}. A listener with a group of its own per replica ({@code ${random.uuid}} in its
     * group, e.g. notification-service's live hints) is left out: such a group commits nothing, so it has no lag to
     * scale on and no dead letters, and the service's prefixed group ACL already covers it.
     */
    public Map<String, Set<String>> consumerGroups(String module, String application, Set<String> knownTopics) {
        Map<String, String> constants = constants(module);
        Map<String, Set<String>> groups = new TreeMap<>();
        for (String source : sources(module)) {
            Matcher listener = LISTENER.matcher(source);
            while (listener.find()) {
                String attributes = listener.group(1);
                if (attributes.contains("${random.uuid}")) {
                    continue;
                }
                String group = application;
                Matcher groupId = Pattern.compile("groupId\\s*=\\s*\"([^\"]*)\"").matcher(attributes);
                if (groupId.find()) {
                    group = groupId.group(1).replace("${spring.application.name}", application)
                            .replace("${spring.kafka.consumer.group-id}", application);
                }
                Set<String> topics = groups.computeIfAbsent(group, g -> new TreeSet<>());
                Matcher list = Pattern.compile("topics\\s*=\\s*(\\{[^}]*}|[\\w.\"]+)").matcher(attributes);
                if (list.find()) {
                    for (String item : list.group(1).replaceAll("[{}]", "").split(",")) {
                        if (!item.isBlank()) {
                            topics.add(resolve(item.strip(), constants, source));
                        }
                    }
                }
                Matcher pattern = Pattern.compile("topicPattern\\s*=\\s*\"\\$\\{([^}:]+)}\"").matcher(attributes);
                if (pattern.find()) {
                    Pattern topicPattern = Pattern.compile(applicationProperty(module, pattern.group(1)));
                    knownTopics.stream().filter(t -> topicPattern.matcher(t).matches()).forEach(topics::add);
                }
            }
        }
        return groups;
    }

    /** The regular expression a property names, from the module's application.yml. */
    public String applicationProperty(String module, String property) {
        try {
            JsonNode node = RenderedChart.YAML.readTree(repo.resolve(module).resolve("src/main/resources/application.yml").toFile());
            for (String part : property.split("\\.")) {
                node = node.path(part);
            }
            if (node.isMissingNode()) {
                throw new IllegalStateException(module + " has no " + property);
            }
            return node.asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Environment variables the module reads whose default only fits the local runner (a loopback address) or that
     * have none: a deployment must set them. From its application.yml, the platform's defaults (for modules built on
     * pulse-starter) and its {@code @ConfigurationProperties} records.
     */
    public Set<String> settingsToProvide(String module) {
        Set<String> names = new TreeSet<>();
        List<String> texts = new ArrayList<>();
        try (Stream<Path> files = Files.list(repo.resolve(module).resolve("src/main/resources"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("application\\.ya?ml")).toList()) {
                texts.add(Files.readString(file));
            }
            if (Files.readString(repo.resolve(module).resolve("pom.xml")).contains("<artifactId>pulse-starter</artifactId>")) {
                texts.add(Files.readString(repo.resolve("platform/pulse-starter/src/main/java/io/pulsecrm/platform/"
                        + "autoconfigure/PulseDefaultsEnvironmentPostProcessor.java")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String text : texts) {
            Matcher placeholder = PLACEHOLDER.matcher(text);
            while (placeholder.find()) {
                String fallback = placeholder.group(2);
                if (fallback == null || localOnly(fallback)) {
                    names.add(placeholder.group(1));
                }
            }
        }
        names.addAll(requiredProperties(module));
        return names;
    }

    /** Components of {@code @ConfigurationProperties} records documented as required or defaulting to loopback. */
    private Set<String> requiredProperties(String module) {
        Set<String> names = new TreeSet<>();
        Pattern properties = Pattern.compile("@ConfigurationProperties\\(\"([^\"]+)\"\\)\\s*public\\s+record\\s+\\w+\\((.*?)\\)\\s*\\{", Pattern.DOTALL);
        for (String source : sources(module)) {
            Matcher record = properties.matcher(source);
            while (record.find()) {
                String prefix = record.group(1);
                for (String component : record.group(2).split(",(?![^(]*\\))")) {
                    Matcher declaration = Pattern.compile("(?:@DefaultValue\\(\"([^\"]*)\"\\)\\s*)?[\\w<>.,\\s]+\\s(\\w+)\\s*$").matcher(component.strip());
                    if (!declaration.find()) {
                        continue;
                    }
                    String fallback = declaration.group(1);
                    String name = declaration.group(2);
                    boolean documentedRequired = Pattern.compile("@param\\s+" + name + "\\s[^\\n]*\\brequired\\b").matcher(source).find();
                    if (documentedRequired || (fallback != null && localOnly(fallback))) {
                        names.add((prefix + "." + kebab(name)).toUpperCase().replace('.', '_').replace('-', '_'));
                    }
                }
            }
        }
        return names;
    }

    private static boolean localOnly(String fallback) {
        return fallback.contains("127.0.0.1") || fallback.contains("localhost");
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    private String resolve(String reference, Map<String, String> constants, String source) {
        if (reference.startsWith("\"")) {
            return reference.replace("\"", "");
        }
        String[] parts = reference.split("\\.");
        String key = parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : ownClass(source) + "." + reference;
        String value = constants.get(key);
        if (value == null) {
            throw new IllegalStateException("cannot resolve " + reference + " (" + key + ")");
        }
        return value;
    }

    private static String ownClass(String source) {
        Matcher name = CLASS_NAME.matcher(source);
        return name.find() ? name.group(1) : "";
    }

    /** {@code Class.CONSTANT -> value} for every string constant of the module. */
    private Map<String, String> constants(String module) {
        Map<String, String> constants = new HashMap<>();
        for (String source : sources(module)) {
            String owner = ownClass(source);
            Matcher constant = CONSTANT.matcher(source);
            while (constant.find()) {
                constants.put(owner + "." + constant.group(1), constant.group(2));
            }
        }
        return constants;
    }

    private final Map<String, List<String>> sourceCache = new HashMap<>();

    private List<String> sources(String module) {
        return sourceCache.computeIfAbsent(module, m -> {
            try (Stream<Path> files = Files.walk(repo.resolve(m).resolve("src/main/java"))) {
                List<String> texts = new ArrayList<>();
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    texts.add(Files.readString(file));
                }
                return texts;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The topics of all groups, once each. */
    public static Set<String> consumedTopics(Map<String, Set<String>> groups) {
        Set<String> topics = new LinkedHashSet<>();
        groups.values().forEach(topics::addAll);
        return topics;
    }
}
