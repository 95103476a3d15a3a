package io.pulsecrm.deploy;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.pulsecrm.deploy.catalog.ComponentCatalog;
import io.pulsecrm.deploy.catalog.ComponentEnvironment;
import io.pulsecrm.deploy.catalog.ComponentSpec;
import io.pulsecrm.deploy.catalog.LocalIdentity;
import io.pulsecrm.deploy.infra.Infrastructure;
import io.pulsecrm.deploy.infra.InfrastructureEndpoints;
import io.pulsecrm.deploy.options.LaunchOptions;
import io.pulsecrm.deploy.options.UsageException;
import io.pulsecrm.deploy.report.ComponentStatus;
import io.pulsecrm.deploy.report.StartupReport;
import io.pulsecrm.deploy.report.StartupReportPrinter;
import io.pulsecrm.deploy.startup.StartupCache;
import io.pulsecrm.deploy.supervision.LogFiles;
import io.pulsecrm.deploy.supervision.PidFiles;
import io.pulsecrm.deploy.supervision.PortCheck;
import io.pulsecrm.deploy.supervision.Readiness;
import io.pulsecrm.deploy.supervision.ReadinessProbe;
import io.pulsecrm.deploy.supervision.ResidentMemory;
import io.pulsecrm.deploy.supervision.ServiceProcess;

/**
 * Starts the infrastructure in-process and the selected components as child JVMs, waits for all of them
 * to be ready, and stops everything in reverse order: children first (they flush to Kafka and Mongo on
 * the way down), then the store and the broker.
 */
public final class PlatformRunner implements AutoCloseable {

    public static final String KAFKA = "kafka";
    public static final String MONGO = "mongo";
    /** System property on each child's command line naming its instance, e.g. {@code -Dpulse.instance=contacts-service-2}. */
    public static final String INSTANCE_PROPERTY = "pulse.instance";
    private static final int FAILURE_LOG_LINES = 12;
    private static final String LOG_SUFFIX = ".log";
    /** A child that exits within this time of a Ctrl-C got the signal itself; that is not worth a warning. */
    private static final Duration EXIT_NOTICE_DELAY = Duration.ofSeconds(1);

    private final LaunchOptions options;
    private final List<ComponentSpec> catalog;
    private final LocalIdentity identity;
    private final List<ComponentSpec> selected;
    private final ReadinessProbe probe;
    private final PidFiles pidFiles;
    private final StartupCache startupCache;
    private final PrintStream out;
    private final List<ServiceProcess> children = new CopyOnWriteArrayList<>();
    private final List<PendingCache> cacheToBuild = new CopyOnWriteArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Infrastructure infrastructure;
    private volatile boolean stopping;

    public PlatformRunner(LaunchOptions options, List<ComponentSpec> catalog, ReadinessProbe probe, PrintStream out) {
        this(options, catalog, LocalIdentity.demo(options.repoDir(), options.dataDir()), probe, out);
    }

    /** @param identity the users directory and the issuer's key file, for a runner that is not the demo */
    public PlatformRunner(LaunchOptions options, List<ComponentSpec> catalog, LocalIdentity identity,
                          ReadinessProbe probe, PrintStream out) {
        options.selection().requireKnown(catalog);
        this.identity = identity;
        this.options = options;
        this.catalog = withReplicas(catalog, options.replicas());
        this.selected = options.selection().select(this.catalog);
        this.probe = probe;
        this.pidFiles = new PidFiles(options.runDir());
        this.startupCache = new StartupCache(options.startupCacheDir(), javaExecutable(), Runtime.version().feature(),
                options.childJvmOptions(), options.startupTimeout(), options.startupCacheEnabled());
        this.out = out;
    }

    public StartupReport start() {
        Instant begin = Instant.now();
        pidFiles.stopLeftovers(options.stopGracePeriod())
                .forEach(leftover -> out.println("Stopped " + leftover + ", left running by an earlier launcher."));
        requireFreePorts();

        out.println("Starting Kafka and MongoDB (data in " + options.dataDir() + ") ...");
        try {
            infrastructure = Infrastructure.start(options.kafkaDataDir(), options.kafkaPort(),
                    options.kafkaControllerPort(), options.mongoDataFile(), options.mongoPort());
        } catch (RuntimeException e) {
            throw new StartupException("Kafka or MongoDB failed to start: " + rootMessage(e)
                    + " (details in " + options.infrastructureLog() + ")", e);
        }
        InfrastructureEndpoints endpoints = infrastructure.endpoints();

        List<ComponentStatus> statuses = new ArrayList<>();
        statuses.add(ComponentStatus.up(KAFKA, endpoints.kafkaBootstrapServers(), infrastructure.kafkaStartup(), null));
        statuses.add(ComponentStatus.up(MONGO, endpoints.mongoConnectionString(), infrastructure.mongoStartup(), null));
        Map<String, List<String>> logTails = new LinkedHashMap<>();

        if (!selected.isEmpty()) {
            out.println("Starting " + String.join(", ", selectedInstances().stream().map(ComponentSpec.Instance::name).toList())
                    + " (logs in " + options.logDir() + ") ...");
        }
        for (ComponentStatus started : startAllAndAwait(endpoints)) {
            // measured once everything is up, so each figure is what the process holds as the report is read
            ComponentStatus status = started.withResidentBytes(residentMemoryOf(started.name()));
            statuses.add(status);
            if (!status.isUp() && status.logFile() != null) {
                logTails.put(status.name(), LogFiles.tail(status.logFile(), FAILURE_LOG_LINES));
            }
        }

        Map<String, String> databases = new LinkedHashMap<>();
        selected.stream().filter(c -> c.role() == ComponentSpec.Role.SERVICE)
                .forEach(c -> databases.put(c.name(), c.database()));
        return new StartupReport(statuses, endpoints, databases, options.dataDir(), options.logDir(),
                firstCall(), logTails, Duration.between(begin, Instant.now()),
                ResidentMemory.of(ProcessHandle.current().pid()));
    }

    private OptionalLong residentMemoryOf(String instanceName) {
        return children.stream().filter(child -> child.name().equals(instanceName) && child.isAlive())
                .mapToLong(ServiceProcess::pid).mapToObj(ResidentMemory::of).findFirst().orElse(OptionalLong.empty());
    }

    /**
     * Blocks until {@link #close()} runs (from the shutdown hook), telling the user when a child dies
     * on its own in the meantime.
     */
    public void superviseUntilStopped() throws InterruptedException {
        for (ServiceProcess child : children) {
            child.onExit().thenRun(() -> {
                sleepQuietly(EXIT_NOTICE_DELAY);
                if (!stopping && children.contains(child)) {
                    out.println("WARNING: " + child.name() + " (pid " + child.pid() + ") exited with code "
                            + child.exitCode().orElse(-1) + ". Log: " + child.logFile());
                }
            });
        }
        stopped.await();
    }

    /**
     * Stops a running component (a service, the issuer or the gateway), or one instance of it, as {@link #close()}
     * would, gracefully first, leaving the infrastructure and everything else running; {@link #startComponent} starts
     * it again. For tests of what survives a restart (a durable wait, say), and for restarting one service by hand.
     *
     * @param name a component's name, e.g. {@code automation-service} (all its instances), or one instance's, e.g.
     *             {@code automation-service-2}
     * @return how it stopped ({@code ALREADY_EXITED} when it was not running)
     * @throws IllegalArgumentException if no component or instance of that name was selected
     */
    public ServiceProcess.StopOutcome stopComponent(String name) {
        return stop(name, child -> child.stop(options.stopGracePeriod()));
    }

    /**
     * Kills a component or one instance of it at once, with SIGKILL: no graceful shutdown, no hooks, as a crash or an
     * out-of-memory kill would end it. In-flight requests break, consumer offsets stay uncommitted, the outbox relay
     * leaves what it had not published to the next sweep. {@link #startComponent} starts it again.
     *
     * @return {@code KILLED}, or {@code ALREADY_EXITED} when it was not running
     */
    public ServiceProcess.StopOutcome killComponent(String name) {
        return stop(name, ServiceProcess::kill);
    }

    private ServiceProcess.StopOutcome stop(String name, java.util.function.Function<ServiceProcess, ServiceProcess.StopOutcome> how) {
        List<ComponentSpec.Instance> instances = selectedInstances(name);
        Set<String> names = instances.stream().map(ComponentSpec.Instance::name).collect(java.util.stream.Collectors.toSet());
        List<ServiceProcess> running;
        synchronized (this) {
            running = children.stream().filter(child -> names.contains(child.name())).toList();
            // no longer a child: its exit is intended, not worth a warning (see superviseUntilStopped)
            children.removeAll(running);
        }
        ServiceProcess.StopOutcome outcome = ServiceProcess.StopOutcome.ALREADY_EXITED;
        for (ServiceProcess child : running) {
            ServiceProcess.StopOutcome stopped = how.apply(child);
            if (stopped != ServiceProcess.StopOutcome.ALREADY_EXITED) {
                outcome = stopped;
            }
        }
        names.forEach(pidFiles::forget);
        return outcome;
    }

    /**
     * Starts a component (every instance of it that is not running) or one instance stopped with {@link #stopComponent}
     * or {@link #killComponent} again, on its port and with its environment, and waits until it is ready, as
     * {@link #start()} does (the previous log is kept as {@code .log.1}).
     *
     * @return its row of the startup table: {@code UP}, or why not (for several instances, the first that is not up)
     * @throws IllegalArgumentException if no component or instance of that name was selected
     * @throws IllegalStateException    if it is still running, or the platform is not started or is stopping
     */
    public ComponentStatus startComponent(String name) {
        List<ComponentSpec.Instance> instances = selectedInstances(name);
        if (infrastructure == null || stopping) {
            throw new IllegalStateException("the platform is not running");
        }
        List<ComponentSpec.Instance> stopped = instances.stream().filter(instance -> !isRunning(instance)).toList();
        if (stopped.isEmpty()) {
            throw new IllegalStateException(name + " is running; stop it first");
        }
        List<ComponentStatus> statuses = startAll(stopped, infrastructure.endpoints());
        return statuses.stream().filter(status -> !status.isUp()).findFirst().orElse(statuses.getLast());
    }

    /**
     * Stops the Kafka broker, waits {@code downtime}, and starts it again on the same ports with the same data, while
     * every child keeps running: producers and consumers reconnect by themselves.
     *
     * @return how long the broker was unavailable, start included
     */
    public Duration restartKafka(Duration downtime) {
        return requireInfrastructure().restartKafka(downtime);
    }

    /**
     * Stops the MongoDB store, waits {@code downtime}, and starts it again on the same port with the same data (the
     * runner's store is on disk), while every child keeps running: their drivers reconnect by themselves.
     *
     * @return how long the store was unavailable, start included
     */
    public Duration restartMongo(Duration downtime) {
        return requireInfrastructure().restartMongo(downtime);
    }

    /** The instances of a component (as started, in order), e.g. to call one replica directly. */
    public List<ComponentSpec.Instance> instancesOf(String component) {
        return selectedComponent(component).instances();
    }

    private Infrastructure requireInfrastructure() {
        if (infrastructure == null || stopping) {
            throw new IllegalStateException("the platform is not running");
        }
        return infrastructure;
    }

    private boolean isRunning(ComponentSpec.Instance instance) {
        return children.stream().anyMatch(child -> child.name().equals(instance.name()) && child.isAlive());
    }

    /** The instances a name means: every instance of the component it names, or the one instance it names. */
    private List<ComponentSpec.Instance> selectedInstances(String name) {
        Optional<ComponentSpec> component = selectedNamed(name);
        if (component.isPresent()) {
            return component.get().instances();
        }
        return selectedInstances().stream().filter(instance -> instance.name().equals(name)).findFirst()
                .map(List::of)
                .orElseThrow(() -> new IllegalArgumentException("no component or instance " + name + " was started; known: "
                        + String.join(", ", selectedInstances().stream().map(ComponentSpec.Instance::name).toList())));
    }

    private List<ComponentSpec.Instance> selectedInstances() {
        return selected.stream().flatMap(component -> component.instances().stream()).toList();
    }

    private ComponentSpec selectedComponent(String name) {
        return selectedNamed(name).orElseThrow(() -> new IllegalArgumentException("no component " + name
                + " was started; known: " + String.join(", ", selected.stream().map(ComponentSpec::name).toList())));
    }

    /** True once shutdown began (Ctrl-C during startup, say): a report of the start is moot then. */
    public boolean isStopping() {
        return stopping;
    }

    /** Idempotent: the shutdown hook and a failed start may both call it. */
    @Override
    public synchronized void close() {
        if (stopping) {
            return;
        }
        stopping = true;
        try {
            startupCache.cancel();
            stopChildren();
            if (infrastructure != null) {
                out.println("Stopping MongoDB and Kafka ...");
                infrastructure.close();
            }
            out.println("Pulse CRM stopped.");
        } finally {
            stopped.countDown();
        }
    }

    private List<ComponentStatus> startAllAndAwait(InfrastructureEndpoints endpoints) {
        return startAll(selectedInstances(), endpoints);
    }

    private List<ComponentStatus> startAll(List<ComponentSpec.Instance> instances, InfrastructureEndpoints endpoints) {
        try (ExecutorService starters = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<ComponentStatus>> outcomes = instances.stream()
                    .map(instance -> CompletableFuture.supplyAsync(() -> startAndAwait(instance, endpoints), starters))
                    .toList();
            return outcomes.stream().map(CompletableFuture::join).toList();
        }
    }

    private ComponentStatus startAndAwait(ComponentSpec.Instance instance, InfrastructureEndpoints endpoints) {
        try {
            return startAndAwaitReady(instance, endpoints);
        } catch (RuntimeException e) {
            // one component's trouble (say, an unreadable jar) must not keep the others from being reported
            return new ComponentStatus(instance.name(), instance.baseUrl().toString(), ComponentStatus.State.FAILED,
                    Duration.ZERO, "could not be started: " + rootMessage(e), null);
        }
    }

    private ComponentStatus startAndAwaitReady(ComponentSpec.Instance instance, InfrastructureEndpoints endpoints) {
        ComponentSpec component = instance.component();
        String address = instance.baseUrl().toString();
        if (!Files.isRegularFile(component.jar())) {
            return new ComponentStatus(instance.name(), address, ComponentStatus.State.NOT_BUILT, Duration.ZERO,
                    "no jar at " + component.jar() + " (build with ./mvnw -DskipTests install)", null);
        }
        if (!PortCheck.isFree(instance.port())) {
            // its readiness probe would be answered by whatever holds the port, and the child would die binding it
            return new ComponentStatus(instance.name(), address, ComponentStatus.State.FAILED, Duration.ZERO,
                    "port " + instance.port() + " is in use by another process", null);
        }
        Map<String, String> environment = ComponentEnvironment.of(instance, endpoints, catalog, identity);
        StartupCache.Launch launch = startupCache.launchFor(component);
        List<String> command = new ArrayList<>();
        command.add(javaExecutable().toString());
        command.addAll(options.childJvmOptions());
        // names the instance on its command line: `ps` tells replicas apart, and a later start finds leftovers by it
        command.add("-D" + INSTANCE_PROPERTY + "=" + instance.name());
        command.addAll(launch.arguments());
        Optional<ServiceProcess> started = startChild(instance, command, environment);
        if (started.isEmpty()) {
            return new ComponentStatus(instance.name(), address, ComponentStatus.State.FAILED, Duration.ZERO,
                    "not started: shutting down", null);
        }
        ServiceProcess child = started.get();
        Readiness readiness = probe.awaitReady(child, instance.readinessUrl(), options.startupTimeout());
        String after = StartupReportPrinter.seconds(readiness.after());
        return switch (readiness) {
            case Readiness.Ready ready -> {
                if (launch.outcome() == StartupCache.Outcome.PENDING
                        && cacheToBuild.stream().noneMatch(pending -> pending.component().equals(component))) {
                    cacheToBuild.add(new PendingCache(component, environment));
                }
                String note = launch.outcome() == StartupCache.Outcome.REUSED ? "from startup cache"
                        : launch.note().isEmpty() ? "" : "no startup cache: " + launch.note();
                yield new ComponentStatus(instance.name(), address, ComponentStatus.State.UP, ready.after(), note,
                        child.logFile());
            }
            case Readiness.Exited exited -> new ComponentStatus(instance.name(), address,
                    ComponentStatus.State.FAILED, exited.after(),
                    "exited with code " + exited.exitCode() + " after " + after, child.logFile());
            case Readiness.TimedOut timedOut -> new ComponentStatus(instance.name(), address,
                    ComponentStatus.State.TIMED_OUT, timedOut.after(),
                    "not ready after " + after + "; readiness said: " + timedOut.lastAnswer(), child.logFile());
        };
    }

    /**
     * Builds the startup cache of the components that started without one, one at a time and at low
     * priority, while the platform is in use; the next start uses it. Says so when done.
     */
    public void buildStartupCacheInBackground() {
        List<PendingCache> pending = cacheToBuild.stream()
                .sorted(Comparator.comparingInt(p -> selected.indexOf(p.component())))
                .toList();
        if (pending.isEmpty()) {
            return;
        }
        List<String> names = pending.stream().map(p -> p.component().name()).toList();
        out.println("Building the startup cache for " + String.join(", ", names)
                + " in the background, at low priority; the next start will be quicker.");
        Thread.ofPlatform().name("startup-cache").daemon(true).start(() -> {
            Instant begin = Instant.now();
            List<String> failures = new ArrayList<>();
            for (PendingCache next : pending) {
                if (stopping) {
                    return;
                }
                try {
                    startupCache.build(next.component(), next.environment());
                } catch (RuntimeException e) {
                    failures.add(next.component().name() + " (" + rootMessage(e) + ")");
                }
            }
            if (!stopping) {
                out.println("Startup cache built in " + StartupReportPrinter.seconds(Duration.between(begin, Instant.now()))
                        + (failures.isEmpty() ? "." : "; not for " + String.join(", ", failures) + "."));
            }
        });
    }

    private record PendingCache(ComponentSpec component, Map<String, String> environment) {
    }

    /** Registers under the same lock as {@link #close()}, so no child can start after shutdown began. */
    private synchronized Optional<ServiceProcess> startChild(ComponentSpec.Instance instance, List<String> command,
                                                            Map<String, String> environment) {
        if (stopping) {
            return Optional.empty();
        }
        ServiceProcess child = ServiceProcess.start(instance.name(), command, environment,
                options.logDir().resolve(instance.name() + LOG_SUFFIX));
        children.add(child);
        pidFiles.record(child);
        return Optional.of(child);
    }

    /** Same JDK as the launcher: the run script already picked one that is new enough. */
    private static Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    private void stopChildren() {
        List<ServiceProcess> running = children.stream().filter(ServiceProcess::isAlive).toList();
        if (!running.isEmpty()) {
            out.println("Stopping " + String.join(", ", running.stream().map(ServiceProcess::name).toList())
                    + " (up to " + options.stopGracePeriod().toSeconds() + " s each) ...");
        }
        // in parallel: each child's graceful shutdown is mostly waiting
        try (ExecutorService stoppers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (ServiceProcess child : children) {
                stoppers.submit(() -> {
                    ServiceProcess.StopOutcome outcome = child.stop(options.stopGracePeriod());
                    if (outcome == ServiceProcess.StopOutcome.KILLED) {
                        out.println("WARNING: " + child.name() + " did not stop within "
                                + options.stopGracePeriod().toSeconds() + " s and was killed.");
                    }
                    pidFiles.forget(child.name());
                });
            }
        }
    }

    private void requireFreePorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("Kafka", options.kafkaPort());
        ports.put("Kafka controller", options.kafkaControllerPort());
        ports.put("MongoDB", options.mongoPort());
        selectedInstances().forEach(instance -> ports.put(instance.name(), instance.port()));
        List<String> conflicts = new ArrayList<>(PortCheck.conflicts(ports));
        Map<Integer, String> users = new LinkedHashMap<>();
        ports.forEach((user, port) -> {
            String other = users.putIfAbsent(port, user);
            if (other != null) {
                conflicts.add("port " + port + " is given to both " + other + " and " + user);
            }
        });
        if (!conflicts.isEmpty()) {
            throw new StartupException("Cannot start: " + String.join("; ", conflicts)
                    + ". Is another Pulse CRM (or a local Kafka/MongoDB) running? `ss -ltnp` shows who holds them.");
        }
    }

    /** A first request through the gateway, or straight to contacts-service when the gateway is not started. */
    private String firstCall() {
        Optional<ComponentSpec> entryPoint = selectedNamed(ComponentCatalog.GATEWAY)
                .or(() -> selectedNamed(ComponentCatalog.CONTACTS));
        Optional<ComponentSpec> issuer = selectedNamed(ComponentCatalog.IDENTITY);
        if (entryPoint.isPresent() && issuer.isPresent()) {
            // every API call needs a token: the demo partner client gets one without a browser
            return "TOKEN=$(curl -s -u " + ComponentCatalog.DEMO_CLIENT + " -d grant_type=client_credentials "
                    + issuer.get().baseUrl().resolve("/oauth2/token")
                    + " | sed -E 's/.*\"access_token\":\"([^\"]+)\".*/\\1/') && curl -s -H \"Authorization: Bearer $TOKEN\" "
                    + entryPoint.get().baseUrl().resolve(ComponentCatalog.CONTACTS_API);
        }
        if (entryPoint.isPresent()) {
            return "curl -s " + entryPoint.get().baseUrl().resolve(ComponentCatalog.CONTACTS_API);
        }
        return selected.stream().findFirst().map(c -> "curl -s " + c.readinessUrl()).orElse(null);
    }

    private Optional<ComponentSpec> selectedNamed(String name) {
        return selected.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The catalog with the instances asked for ({@code --replicas}); a name matching nothing is a usage error. */
    private static List<ComponentSpec> withReplicas(List<ComponentSpec> catalog, Map<String, Integer> replicas) {
        replicas.keySet().forEach(name -> {
            if (catalog.stream().noneMatch(c -> c.name().equals(name) || c.shortName().equals(name))) {
                throw new UsageException("Unknown component '" + name + "' in --replicas. Known: "
                        + String.join(", ", catalog.stream().map(ComponentSpec::shortName).toList()));
            }
        });
        return catalog.stream().map(component -> {
            Integer count = replicas.getOrDefault(component.name(), replicas.get(component.shortName()));
            if (count == null || count == component.replicas()) {
                return component;
            }
            try {
                return component.withReplicas(count);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--replicas: " + e.getMessage());
            }
        }).toList();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    private static void sleepQuietly(Duration duration) {
        try {
            TimeUnit.MILLISECONDS.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
