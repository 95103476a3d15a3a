package io.pulsecrm.deploy.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;

/** The chart in deploy/helm/pulse rendered by Helm's own engine (helm-java), one document per object. */
public record RenderedChart(String yaml, List<ObjectNode> objects) {

    static final ObjectMapper YAML = new YAMLMapper();
    public static final String RELEASE = "pulse";
    public static final String NAMESPACE = "crm";
    /** The oldest Kubernetes the chart supports (Chart.yaml's kubeVersion). */
    public static final String KUBE_VERSION = "1.30.0";

    public static Path repoDir() {
        String configured = System.getProperty("pulse.repo.dir");
        Path dir = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent().getParent();
        if (!Files.exists(dir.resolve("deploy/helm/pulse/Chart.yaml"))) {
            throw new IllegalStateException("not the Pulse repository: " + dir);
        }
        return dir;
    }

    public static Path chartDir() {
        return repoDir().resolve("deploy/helm/pulse");
    }

    /** Renders with the chart's defaults overridden by the named files under src/test/resources/values/. */
    public static RenderedChart render(String... valueSets) {
        return render(RELEASE, List.of(valueSets).stream().map(RenderedChart::valuesFile).toList());
    }

    public static RenderedChart render(String release, List<Path> valuesFiles) {
        return render(release, valuesFiles, java.util.Map.of());
    }

    /** Renders as release {@code release} with the values files, then the single values in {@code set}. */
    public static RenderedChart render(String release, List<Path> valuesFiles, java.util.Map<String, String> set) {
        var template = new Helm(chartDir()).template().withName(release).withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        valuesFiles.forEach(template::withValuesFile);
        set.forEach(template::set);
        return parse(template.call());
    }

    public static Path valuesFile(String name) {
        try {
            var resource = RenderedChart.class.getResource("/values/" + name + ".yaml");
            if (resource == null) {
                throw new IllegalArgumentException("no value set " + name);
            }
            return Path.of(resource.toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static RenderedChart parse(String yaml) {
        List<ObjectNode> objects = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(yaml)) {
            var documents = YAML.readValues(parser, JsonNode.class);
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && document.isObject() && !document.isEmpty()) {
                    objects.add((ObjectNode) document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("rendered chart is not YAML", e);
        }
        return new RenderedChart(yaml, List.copyOf(objects));
    }

    public List<ObjectNode> ofKind(String kind) {
        return objects.stream().filter(kind(kind)).toList();
    }

    public Optional<ObjectNode> find(String kind, String name) {
        return objects.stream().filter(kind(kind)).filter(o -> name.equals(name(o))).findFirst();
    }

    public ObjectNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in the rendered chart"));
    }

    public static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    public static String describe(JsonNode object) {
        return object.path("kind").asText() + " " + name(object);
    }

    static Predicate<JsonNode> kind(String kind) {
        return o -> kind.equals(o.path("kind").asText());
    }
}
