package io.pulsecrm.bench.cli;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.pulsecrm.bench.cost.CostMeter;

/** Turns the command line (and the token's environment variable) into {@link BenchOptions}. */
public final class BenchOptionsParser {

    /** Kept out of the command line, where it would land in shell history and process listings. */
    public static final String TOKEN_ENV = "PULSE_BENCH_TOKEN";
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)?");
    private static final int MAX_CONCURRENCY = 1024;

    public static final String USAGE = """
            Usage: bench/run [--no-build] [options]
               or: ./mvnw -q -pl bench exec:java -Dexec.args="[options]"

            Drives load at the live platform through the gateway, and at MongoDB and Kafka directly for
            baselines; prints throughput and latency percentiles per scenario and the API's overhead
            against its baseline. Run the platform first (deploy/all-in-one/run).

            Options:
              --scenario LIST      comma-separated scenarios (default: all); --list shows them
              --concurrency N      operations in flight at once (default 8)
              --duration TIME      how long to measure each scenario, e.g. 10s, 500ms, 2m (default 10s)
              --requests N         measure exactly N operations per scenario instead of a duration
              --warmup TIME        unmeasured load before each scenario (default 3s; 0 for none)
              --fixtures N         records read scenarios create up front and read (default 200)
              --reuse-fixtures     reuse complete fixtures of the same size from an earlier run (deal scenarios:
                                   a pipeline seeded with --fixtures deals) instead of seeding new ones
              --timeout TIME       per operation (default 10s)
              --gateway URL        gateway base URL (default http://127.0.0.1:8080)
              --mongo URI          MongoDB for the baselines, database 'bench' (default mongodb://127.0.0.1:27017)
              --kafka HOST:PORT    Kafka for the baselines (default 127.0.0.1:9092)
              --services LIST      the processes whose cost is read around each scenario (store commands by
                                   collection, Kafka records, CPU time from /actuator/prometheus), as
                                   name=URL,... (default: the local runner's gateway, identity and five services
                                   on their usual ports)
              --no-cost            do not read the cost, only throughput and latency
              --json               print the results as JSON on stdout (progress still goes to stderr)
              --list               list the scenarios and exit
              -h, --help           this text

            Environment:
              PULSE_BENCH_TOKEN    bearer token sent to the gateway, once the platform requires one
            """;

    private BenchOptionsParser() {
    }

    public static BenchOptions parse(String[] args, Map<String, String> env) {
        URI gateway = BenchOptions.DEFAULT_GATEWAY;
        String mongo = BenchOptions.DEFAULT_MONGO;
        String kafka = BenchOptions.DEFAULT_KAFKA;
        List<String> scenarios = new ArrayList<>();
        int concurrency = BenchOptions.DEFAULT_CONCURRENCY;
        Duration duration = BenchOptions.DEFAULT_DURATION;
        OptionalLong requests = OptionalLong.empty();
        Duration warmup = BenchOptions.DEFAULT_WARMUP;
        int fixtures = BenchOptions.DEFAULT_FIXTURES;
        Duration timeout = BenchOptions.DEFAULT_REQUEST_TIMEOUT;
        boolean reuseFixtures = false;
        boolean json = false;
        boolean list = false;
        boolean help = false;
        List<CostMeter.Endpoint> costFrom = CostMeter.LOCAL_RUNNER;

        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String option = arg.contains("=") && arg.startsWith("--") ? arg.substring(0, arg.indexOf('=')) : arg;
            String inline = option.equals(arg) ? null : arg.substring(arg.indexOf('=') + 1);
            switch (option) {
                case "-h", "--help" -> help = true;
                case "--json" -> json = true;
                case "--reuse-fixtures" -> reuseFixtures = true;
                case "--list" -> list = true;
                case "--no-cost" -> costFrom = List.of();
                default -> {
                    String value = inline != null ? inline : (++i < args.length ? args[i] : null);
                    if (value == null) {
                        throw new UsageException(option + " needs a value. See --help.");
                    }
                    switch (option) {
                        case "--scenario", "--scenarios" -> Arrays.stream(value.split(","))
                                .map(String::strip).filter(s -> !s.isEmpty()).forEach(scenarios::add);
                        case "--concurrency" -> concurrency = bounded(option, value, 1, MAX_CONCURRENCY);
                        case "--duration" -> duration = duration(option, value, false);
                        case "--requests" -> requests = OptionalLong.of(bounded(option, value, 1, Integer.MAX_VALUE));
                        case "--warmup" -> warmup = duration(option, value, true);
                        case "--fixtures" -> fixtures = bounded(option, value, 1, 1_000_000);
                        case "--timeout" -> timeout = duration(option, value, false);
                        case "--gateway" -> gateway = gatewayUri(value);
                        case "--mongo" -> mongo = value;
                        case "--kafka" -> kafka = value;
                        case "--services" -> costFrom = endpoints(value);
                        default -> throw new UsageException("Unknown option '" + option + "'. See --help.");
                    }
                }
            }
        }
        Optional<String> token = Optional.ofNullable(env.get(TOKEN_ENV)).filter(t -> !t.isBlank());
        return new BenchOptions(gateway, mongo, kafka, token, scenarios, concurrency, duration, requests, warmup,
                fixtures, reuseFixtures, timeout, json, list, help, costFrom);
    }

    private static List<CostMeter.Endpoint> endpoints(String value) {
        List<CostMeter.Endpoint> endpoints = new ArrayList<>();
        for (String item : value.split(",")) {
            String[] parts = item.strip().split("=", 2);
            URI base = parts.length == 2 ? URI.create(parts[1].strip().replaceAll("/+$", "")) : null;
            if (parts[0].isBlank() || base == null || base.getScheme() == null || base.getHost() == null) {
                throw new UsageException("--services takes name=URL pairs such as contacts=http://127.0.0.1:8081, not '"
                        + item.strip() + "'");
            }
            endpoints.add(new CostMeter.Endpoint(parts[0].strip(), base));
        }
        return endpoints;
    }

    static Duration duration(String option, String value, boolean zeroAllowed) {
        Matcher matcher = DURATION.matcher(value.strip());
        if (!matcher.matches()) {
            throw new UsageException(option + " takes a time such as 10s, 500ms or 2m, not '" + value + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        Duration duration = switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofSeconds(amount);
        };
        if (duration.isZero() && !zeroAllowed) {
            throw new UsageException(option + " must be longer than zero");
        }
        return duration;
    }

    private static int bounded(String option, String value, int min, int max) {
        try {
            int number = Integer.parseInt(value.strip());
            if (number < min || number > max) {
                throw new UsageException(option + " must be between " + min + " and " + max + ", not " + value);
            }
            return number;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " takes a whole number, not '" + value + "'");
        }
    }

    private static URI gatewayUri(String value) {
        String trimmed = value.strip().replaceAll("/+$", "");
        URI uri = URI.create(trimmed);
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new UsageException("--gateway takes a URL such as http://127.0.0.1:8080, not '" + value + "'");
        }
        return uri;
    }
}
