package io.pulsecrm.deploy.options;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.pulsecrm.deploy.catalog.ComponentSpec;

/**
 * Turns the command line and environment into {@link LaunchOptions}. The environment is a parameter,
 * not read here, so that tests can give their own.
 */
public final class LaunchOptionsParser {

    public static final String DATA_DIR_ENV = "PULSE_DATA_DIR";
    public static final String CHILD_JAVA_OPTS_ENV = "PULSE_CHILD_JAVA_OPTS";
    private static final String DEFAULT_DATA_DIR_NAME = ".data";
    /** A file that only this repository's root has, to find the root from wherever the launcher is started. */
    private static final Path REPO_MARKER = Path.of("deploy", "all-in-one", "pom.xml");

    public static final String USAGE = """
            Usage: deploy/all-in-one/run [--no-build] [options]

            Starts Kafka (KRaft) and the embedded MongoDB store in-process, then every Pulse service
            and the gateway as child JVMs, waits until all are ready and prints where they listen.
            Ctrl-C stops everything gracefully. Data survives restarts.

            Options:
              --no-build                   skip the Maven build (run script only)
              --only LIST                  start only these components, comma-separated, e.g.
                                           contacts,gateway; 'none' starts Kafka and Mongo alone
              --infra-only                 same as --only none
              --replicas LIST              run components as several instances, comma-separated, e.g.
                                           contacts=2,deals=3 (services and the gateway, up to 9 each);
                                           instance n listens on the component's port + (n-1)*100
                                           (contacts-service-2 on 8181) and shares its database
              --data-dir DIR               data, logs and pid files (env PULSE_DATA_DIR; default <repo>/.data)
              --repo-dir DIR               repository root holding the service jars (default: found
                                           from the working directory)
              --kafka-port PORT            Kafka client port (default 9092)
              --kafka-controller-port PORT KRaft controller port (default 9093)
              --mongo-port PORT            MongoDB wire-protocol port (default 27017)
              --startup-timeout SECONDS    how long each component may take to become ready (default 120)
              --stop-timeout SECONDS       grace period for each child on shutdown (default 20)
              --child-java-opts "OPTS"     JVM options for the children (env PULSE_CHILD_JAVA_OPTS;
                                           default "-Xmx384m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC
                                           -XX:+ExitOnOutOfMemoryError")
              --no-startup-cache           start children from their jars as built, without the JDK class
                                           cache (AOT cache on JDK 25+, CDS before) that the first start
                                           after a build creates in <data-dir>/startup-cache
              --keep-going                 keep the ready components running if another fails to start
              -h, --help                   this text
            """;

    private LaunchOptionsParser() {
    }

    public static LaunchOptions parse(String[] args, Map<String, String> env, Path workingDir) {
        Path repoDir = null;
        Path dataDir = env.containsKey(DATA_DIR_ENV) ? workingDir.resolve(env.get(DATA_DIR_ENV)) : null;
        ComponentSelection selection = ComponentSelection.all();
        int kafkaPort = LaunchOptions.DEFAULT_KAFKA_PORT;
        int kafkaControllerPort = LaunchOptions.DEFAULT_KAFKA_CONTROLLER_PORT;
        int mongoPort = LaunchOptions.DEFAULT_MONGO_PORT;
        Duration startupTimeout = LaunchOptions.DEFAULT_STARTUP_TIMEOUT;
        Duration stopGracePeriod = LaunchOptions.DEFAULT_STOP_GRACE_PERIOD;
        List<String> childJvmOptions = env.containsKey(CHILD_JAVA_OPTS_ENV)
                ? splitJvmOptions(env.get(CHILD_JAVA_OPTS_ENV))
                : LaunchOptions.DEFAULT_CHILD_JVM_OPTIONS;
        boolean startupCache = true;
        boolean keepGoing = false;
        boolean help = false;
        Map<String, Integer> replicas = Map.of();

        Arguments arguments = new Arguments(args);
        while (arguments.hasNext()) {
            String option = arguments.next();
            switch (option) {
                case "-h", "--help" -> help = arguments.flag(option);
                case "--only" -> selection = ComponentSelection.parse(arguments.valueOf(option));
                case "--replicas" -> replicas = replicas(option, arguments.valueOf(option));
                case "--infra-only" -> {
                    arguments.flag(option);
                    selection = ComponentSelection.none();
                }
                case "--data-dir" -> dataDir = workingDir.resolve(arguments.valueOf(option));
                case "--repo-dir" -> repoDir = workingDir.resolve(arguments.valueOf(option));
                case "--kafka-port" -> kafkaPort = port(option, arguments.valueOf(option));
                case "--kafka-controller-port" -> kafkaControllerPort = port(option, arguments.valueOf(option));
                case "--mongo-port" -> mongoPort = port(option, arguments.valueOf(option));
                case "--startup-timeout" -> startupTimeout = seconds(option, arguments.valueOf(option));
                case "--stop-timeout" -> stopGracePeriod = seconds(option, arguments.valueOf(option));
                case "--child-java-opts" -> childJvmOptions = splitJvmOptions(arguments.valueOf(option));
                case "--no-startup-cache" -> startupCache = !arguments.flag(option);
                case "--keep-going" -> keepGoing = arguments.flag(option);
                default -> throw new UsageException("Unknown option '" + option + "'. See --help.");
            }
        }
        if (help) {
            // usage needs no repository; don't fail on a missing one
            Path anywhere = repoDir != null ? repoDir : workingDir;
            return new LaunchOptions(anywhere, dataDir != null ? dataDir : anywhere.resolve(DEFAULT_DATA_DIR_NAME),
                    selection, kafkaPort, kafkaControllerPort, mongoPort, startupTimeout, stopGracePeriod,
                    childJvmOptions, startupCache, keepGoing, true, replicas);
        }
        if (repoDir == null) {
            repoDir = findRepoRoot(workingDir);
        } else if (!Files.exists(repoDir.resolve(REPO_MARKER))) {
            throw new UsageException("--repo-dir " + repoDir + " is not the Pulse CRM repository (no " + REPO_MARKER + ")");
        }
        if (dataDir == null) {
            dataDir = repoDir.resolve(DEFAULT_DATA_DIR_NAME);
        }
        return new LaunchOptions(repoDir.normalize(), dataDir.normalize(), selection, kafkaPort, kafkaControllerPort,
                mongoPort, startupTimeout, stopGracePeriod, childJvmOptions, startupCache, keepGoing, false, replicas);
    }

    static Path findRepoRoot(Path start) {
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(REPO_MARKER))) {
                return dir;
            }
        }
        throw new UsageException("Cannot find the Pulse CRM repository from " + start
                + ": run from inside it or pass --repo-dir");
    }

    /** {@code contacts=2,gateway=2}: names as {@code --only} takes them, checked against the catalog at start. */
    private static Map<String, Integer> replicas(String option, String value) {
        Map<String, Integer> replicas = new LinkedHashMap<>();
        for (String part : value.split(",")) {
            String entry = part.strip();
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                throw new UsageException(option + " takes name=count pairs, e.g. contacts=2,deals=2; not '" + entry + "'");
            }
            String name = entry.substring(0, equals).strip().toLowerCase(Locale.ROOT);
            int count = integer(option + " " + name, entry.substring(equals + 1));
            if (count < 1 || count > ComponentSpec.MAX_REPLICAS) {
                throw new UsageException(option + " " + name + " must be between 1 and "
                        + ComponentSpec.MAX_REPLICAS + ", not " + count);
            }
            if (replicas.put(name, count) != null) {
                throw new UsageException(option + " names " + name + " twice");
            }
        }
        return replicas;
    }

    private static int port(String option, String value) {
        int port = integer(option, value);
        if (port < 1 || port > 65535) {
            throw new UsageException(option + " must be a port between 1 and 65535, not " + value);
        }
        return port;
    }

    private static Duration seconds(String option, String value) {
        int seconds = integer(option, value);
        if (seconds < 1) {
            throw new UsageException(option + " must be at least 1 second, not " + value);
        }
        return Duration.ofSeconds(seconds);
    }

    private static int integer(String option, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new UsageException(option + " takes a whole number, not '" + value + "'");
        }
    }

    private static List<String> splitJvmOptions(String options) {
        return Arrays.stream(options.strip().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    /** Walks the argument array; accepts both {@code --opt value} and {@code --opt=value}. */
    private static final class Arguments {
        private final String[] args;
        private int index;
        private String inlineValue;

        Arguments(String[] args) {
            this.args = args;
        }

        boolean hasNext() {
            return index < args.length;
        }

        String next() {
            String arg = args[index++];
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                inlineValue = arg.substring(equals + 1);
                return arg.substring(0, equals);
            }
            inlineValue = null;
            return arg;
        }

        /** Consumes a flag, which takes no value. */
        boolean flag(String option) {
            if (inlineValue != null) {
                throw new UsageException(option + " takes no value. See --help.");
            }
            return true;
        }

        String valueOf(String option) {
            if (inlineValue != null) {
                String value = inlineValue;
                inlineValue = null;
                return value;
            }
            if (index >= args.length) {
                throw new UsageException(option + " needs a value. See --help.");
            }
            return args[index++];
        }
    }
}
