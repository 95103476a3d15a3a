package io.pulsecrm.deploy.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.pulsecrm.deploy.catalog.ComponentCatalog;
import io.pulsecrm.deploy.catalog.ComponentSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchOptionsParserTest {

    @TempDir
    Path repo;
    Path workingDir;

    @BeforeEach
    void aRepositoryToRunIn() throws IOException {
        Files.createDirectories(repo.resolve("deploy/all-in-one"));
        Files.writeString(repo.resolve("deploy/all-in-one/pom.xml"), "<project/>");
        workingDir = Files.createDirectories(repo.resolve("contacts-service/src"));
    }

    @Test
    void defaultsFindTheRepositoryFromASubdirectoryAndKeepDataInsideIt() {
        LaunchOptions options = parse(Map.of());

        assertThat(options.repoDir()).isEqualTo(repo);
        assertThat(options.dataDir()).isEqualTo(repo.resolve(".data"));
        assertThat(options.kafkaDataDir()).isEqualTo(repo.resolve(".data/kafka"));
        assertThat(options.mongoDataFile()).isEqualTo(repo.resolve(".data/mongo/pulse"));
        assertThat(options.logDir()).isEqualTo(repo.resolve(".data/logs"));
        assertThat(options.kafkaPort()).isEqualTo(9092);
        assertThat(options.kafkaControllerPort()).isEqualTo(9093);
        assertThat(options.mongoPort()).isEqualTo(27017);
        assertThat(options.selection()).isEqualTo(ComponentSelection.all());
        assertThat(options.childJvmOptions()).contains("-Xmx384m", "-XX:TieredStopAtLevel=1");
        assertThat(options.startupCacheEnabled()).isTrue();
        assertThat(options.keepGoing()).isFalse();
        assertThat(options.help()).isFalse();
    }

    @Test
    void dataDirComesFromTheEnvironmentUnlessTheCommandLineSaysOtherwise() {
        assertThat(parse(Map.of("PULSE_DATA_DIR", "/var/pulse")).dataDir()).isEqualTo(Path.of("/var/pulse"));
        assertThat(parse(Map.of("PULSE_DATA_DIR", "/var/pulse"), "--data-dir", "mine").dataDir())
                .isEqualTo(workingDir.resolve("mine"));
        assertThat(parse(Map.of(), "--data-dir=/srv/pulse").dataDir()).isEqualTo(Path.of("/srv/pulse"));
    }

    @Test
    void onlySelectsComponentsByFullOrShortName() {
        List<ComponentSpec> catalog = ComponentCatalog.standard(repo);
        ComponentSelection selection = parse(Map.of(), "--only", "contacts, gateway ,deals-service").selection();

        selection.requireKnown(catalog);
        assertThat(selection.select(catalog)).extracting(ComponentSpec::name)
                .containsExactly("contacts-service", "deals-service", "gateway");
    }

    @Test
    void noneOrInfraOnlyStartsKafkaAndMongoAlone() {
        List<ComponentSpec> catalog = ComponentCatalog.standard(repo);

        assertThat(parse(Map.of(), "--only", "none").selection().select(catalog)).isEmpty();
        assertThat(parse(Map.of(), "--infra-only").selection().select(catalog)).isEmpty();
    }

    @Test
    void anUnknownComponentIsRejectedWithTheKnownNames() {
        ComponentSelection selection = parse(Map.of(), "--only", "contacts,contracts").selection();

        assertThatThrownBy(() -> selection.requireKnown(ComponentCatalog.standard(repo)))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("'contracts'")
                .hasMessageContaining("contacts, deals, tasks, automation, notification, gateway");
    }

    @Test
    void replicasAreCountsByComponentName() {
        assertThat(parse(Map.of()).replicas()).isEmpty();
        assertThat(parse(Map.of(), "--replicas", "contacts=2, deals-service=3,Gateway=2").replicas())
                .containsExactlyInAnyOrderEntriesOf(Map.of("contacts", 2, "deals-service", 3, "gateway", 2));

        assertThatThrownBy(() -> parse(Map.of(), "--replicas", "contacts")).hasMessageContaining("name=count pairs");
        assertThatThrownBy(() -> parse(Map.of(), "--replicas", "contacts=two")).hasMessageContaining("whole number");
        assertThatThrownBy(() -> parse(Map.of(), "--replicas", "contacts=0")).hasMessageContaining("between 1 and 9");
        assertThatThrownBy(() -> parse(Map.of(), "--replicas", "contacts=12")).hasMessageContaining("between 1 and 9");
        assertThatThrownBy(() -> parse(Map.of(), "--replicas", "contacts=2,contacts=3")).hasMessageContaining("twice");
    }

    @Test
    void portsTimeoutsAndFlagsAreParsed() {
        LaunchOptions options = parse(Map.of(), "--kafka-port", "19092", "--kafka-controller-port=19093",
                "--mongo-port", "37017", "--startup-timeout", "90", "--stop-timeout", "5", "--keep-going",
                "--no-startup-cache");

        assertThat(options.kafkaPort()).isEqualTo(19092);
        assertThat(options.kafkaControllerPort()).isEqualTo(19093);
        assertThat(options.mongoPort()).isEqualTo(37017);
        assertThat(options.startupTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(options.stopGracePeriod()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.keepGoing()).isTrue();
        assertThat(options.startupCacheEnabled()).isFalse();
    }

    @Test
    void childJvmOptionsComeFromTheEnvironmentOrTheCommandLine() {
        assertThat(parse(Map.of("PULSE_CHILD_JAVA_OPTS", " -Xmx256m  -XX:+UseSerialGC ")).childJvmOptions())
                .containsExactly("-Xmx256m", "-XX:+UseSerialGC");
        assertThat(parse(Map.of(), "--child-java-opts", "-Xmx512m").childJvmOptions()).containsExactly("-Xmx512m");
    }

    @Test
    void mistakesGetAMessageThatSaysWhatIsWrong() {
        assertThatThrownBy(() -> parse(Map.of(), "--frobnicate")).hasMessageContaining("Unknown option '--frobnicate'");
        assertThatThrownBy(() -> parse(Map.of(), "--only")).hasMessageContaining("--only needs a value");
        assertThatThrownBy(() -> parse(Map.of(), "--kafka-port", "ninety")).hasMessageContaining("whole number");
        assertThatThrownBy(() -> parse(Map.of(), "--mongo-port", "70000")).hasMessageContaining("between 1 and 65535");
        assertThatThrownBy(() -> parse(Map.of(), "--keep-going=yes")).hasMessageContaining("takes no value");
        assertThatThrownBy(() -> parse(Map.of(), "--only", "none,contacts")).hasMessageContaining("'none'");
        assertThatThrownBy(() -> parse(Map.of(), "--repo-dir", "/")).hasMessageContaining("is not the Pulse CRM repository");
    }

    @Test
    void outsideTheRepositoryTheRepoDirMustBeGiven(@TempDir Path elsewhere) {
        assertThatThrownBy(() -> LaunchOptionsParser.parse(new String[0], Map.of(), elsewhere))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--repo-dir");
        assertThat(LaunchOptionsParser.parse(new String[] {"--repo-dir", repo.toString()}, Map.of(), elsewhere).repoDir())
                .isEqualTo(repo);
    }

    @Test
    void helpNeedsNoRepository(@TempDir Path elsewhere) {
        assertThat(LaunchOptionsParser.parse(new String[] {"--help"}, Map.of(), elsewhere).help()).isTrue();
    }

    private LaunchOptions parse(Map<String, String> env, String... args) {
        return LaunchOptionsParser.parse(args, env, workingDir);
    }
}
