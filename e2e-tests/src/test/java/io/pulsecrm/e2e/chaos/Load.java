package io.pulsecrm.e2e.chaos;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;

import io.pulsecrm.platform.test.ApiClient;

/**
 * A modest mixed load through the gateway, as several people and an admin working at once: contacts created and
 * changed, deals created, changed and moved (into Proposal, which fires an automation rule; some won; some left in a
 * stage that stalls), tasks created and handed over, automation rules and notification preferences changed. Each kind
 * of work is one worker repeating a cycle at a fixed pace (so the load does not grow with the machine's speed).
 *
 * <p>Remembers every write that was answered 2xx, and the state it left, for the checks afterwards.
 */
final class Load implements AutoCloseable {

    /** What the last write answered 2xx left a record in. */
    record Expected(String id, long version, Map<String, String> fields) {
    }

    private final Calls calls;
    private final String marker;
    private final Pipeline pipeline;
    private final ApiClient ada;
    private final ApiClient bob;
    private final ApiClient maria;
    private final ApiClient alex;
    private final ScheduledExecutorService workers = Executors.newScheduledThreadPool(5, Thread.ofPlatform().name("load-", 0).factory());
    private final LongAdder writesAnswered2xx = new LongAdder();
    private final LongAdder writesNotAnswered2xx = new LongAdder();
    private final LongAdder appliedWithoutAnswer = new LongAdder();
    private final List<String> refusals = new CopyOnWriteArrayList<>();

    final Map<String, Expected> contacts = new ConcurrentHashMap<>();
    final Map<String, Expected> deals = new ConcurrentHashMap<>();
    final Map<String, Expected> tasks = new ConcurrentHashMap<>();
    final Map<String, Expected> rules = new ConcurrentHashMap<>();
    /** bob's notification preferences: the time zone of the last PUT answered 2xx. */
    final Map<String, String> preferences = new ConcurrentHashMap<>();

    /** The pipeline the load's deals live in, with the ids of its stages by name. */
    record Pipeline(String id, Map<String, String> stages) {
    }

    Load(Calls calls, String marker, Pipeline pipeline, ApiClient ada, ApiClient bob, ApiClient maria, ApiClient alex) {
        this.calls = calls;
        this.marker = marker;
        this.pipeline = pipeline;
        this.ada = ada;
        this.bob = bob;
        this.maria = maria;
        this.alex = alex;
    }

    /** Starts every worker; each repeats its cycle {@code pace} after the last one ended. */
    void start(Duration pace) {
        every(pace, this::contactCycle);
        every(pace, this::dealCycle);
        every(pace.multipliedBy(3).dividedBy(2), this::taskCycle);
        every(pace.multipliedBy(3), this::configurationCycle);
    }

    private void every(Duration pace, IntConsumer cycle) {
        AtomicInteger count = new AtomicInteger();
        workers.scheduleWithFixedDelay(() -> {
            try {
                cycle.accept(count.getAndIncrement());
            } catch (RuntimeException | AssertionError e) {
                refusals.add("cycle failed: " + e);
            }
        }, 0, pace.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops starting new cycles and waits for the ones under way. */
    void stop() throws InterruptedException {
        workers.shutdown();
        if (!workers.awaitTermination(3, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the load's last cycles did not end");
        }
    }

    private void contactCycle(int i) {
        Calls.Outcome created = write(calls.post(ada, "/api/contacts", """
                {"firstName":"Chaos","lastName":"%1$s%2$d","email":"c%2$d.%1$s@e2e.example"}""".formatted(marker, i),
                marker + "-contact-" + i));
        if (!created.ok()) {
            return;
        }
        String id = created.id();
        contacts.put(id, new Expected(id, created.version(), Map.of()));
        String jobTitle = "Buyer " + i;
        Calls.Outcome patched = write(confirmed(calls.change(ada, "PATCH", "/api/contacts/" + id,
                "{\"jobTitle\":\"" + jobTitle + "\"}", created.version()), ada, "/api/contacts/" + id, "jobTitle", jobTitle));
        if (patched.ok()) {
            contacts.put(id, new Expected(id, patched.version(), Map.of("jobTitle", jobTitle)));
        }
    }

    /** Deal i: created, its amount changed, then moved into Proposal (every third then won) or into Stuck (every fifth). */
    private void dealCycle(int i) {
        ApiClient owner = i % 2 == 0 ? ada : bob;
        String title = "Deal " + marker + " " + i;
        Calls.Outcome created = write(calls.post(owner, "/api/deals", """
                {"title":"%s","pipelineId":"%s","amount":%d,"currency":"EUR","expectedCloseDate":"%s"}"""
                .formatted(title, pipeline.id(), 1000 + i, LocalDate.now().plusMonths(1)), marker + "-deal-" + i));
        if (!created.ok()) {
            return;
        }
        String id = created.id();
        String lead = created.json().get("stageId").asString();
        deals.put(id, new Expected(id, created.version(), Map.of("amount", String.valueOf(1000 + i), "stageId", lead)));
        Calls.Outcome patched = write(confirmed(calls.change(owner, "PATCH", "/api/deals/" + id,
                "{\"amount\":" + (2000 + i) + "}", created.version()), owner, "/api/deals/" + id, "amount", String.valueOf(2000 + i)));
        if (!patched.ok()) {
            return;
        }
        deals.put(id, new Expected(id, patched.version(), Map.of("amount", String.valueOf(2000 + i), "stageId", lead)));
        String target = i % 5 == 4 ? "Stuck" : "Proposal";
        Calls.Outcome moved = write(confirmed(calls.change(owner, "POST", "/api/deals/" + id + "/move",
                "{\"stageId\":\"" + pipeline.stages().get(target) + "\"}", patched.version()),
                owner, "/api/deals/" + id, "stageId", pipeline.stages().get(target)));
        if (!moved.ok()) {
            return;
        }
        deals.put(id, new Expected(id, moved.version(), Map.of("amount", String.valueOf(2000 + i),
                "stageId", pipeline.stages().get(target))));
        if (target.equals("Proposal") && i % 3 == 0) {
            Calls.Outcome won = write(confirmed(calls.change(owner, "POST", "/api/deals/" + id + "/win", "{}", moved.version()),
                    owner, "/api/deals/" + id, "status", "won"));
            if (won.ok()) {
                deals.put(id, new Expected(id, won.version(), Map.of("amount", String.valueOf(2000 + i),
                        "stageId", pipeline.stages().get("Won"))));
            }
        }
    }

    /** Task i: the manager's to-do, handed over to bob (who is told). */
    private void taskCycle(int i) {
        Calls.Outcome created = write(calls.post(maria, "/api/tasks", """
                {"type":"todo","title":"Task %s %d"}""".formatted(marker, i), marker + "-task-" + i));
        if (!created.ok()) {
            return;
        }
        String id = created.id();
        tasks.put(id, new Expected(id, created.version(), Map.of("assigneeId", "maria")));
        Calls.Outcome assigned = write(confirmed(calls.change(maria, "POST", "/api/tasks/" + id + "/assign",
                "{\"assigneeId\":\"bob\"}", created.version()), maria, "/api/tasks/" + id, "assigneeId", "bob"));
        if (assigned.ok()) {
            tasks.put(id, new Expected(id, assigned.version(), Map.of("assigneeId", "bob")));
        }
    }

    /** Configuration work: an automation rule created and switched off (by the admin); bob's notification settings. */
    private void configurationCycle(int i) {
        Calls.Outcome created = write(calls.post(alex, "/api/automation/rules", """
                {"name":"Quiet rule %1$s %2$d","team":"east","enabled":true,
                 "trigger":{"type":"event","events":["pulse.contact.updated.v1"]},
                 "conditions":{"all":[{"field":"contact.lastName","op":"equals","value":"nobody-%1$s"}]},
                 "actions":[{"type":"add_tag","tag":"never"}]}""".formatted(marker, i), marker + "-rule-" + i));
        if (created.ok()) {
            String id = created.id();
            rules.put(id, new Expected(id, created.version(), Map.of("enabled", "true")));
            Calls.Outcome disabled = write(confirmed(calls.change(alex, "POST", "/api/automation/rules/" + id + "/disable",
                    null, created.version()), alex, "/api/automation/rules/" + id, "enabled", "false"));
            if (disabled.ok()) {
                rules.put(id, new Expected(id, disabled.version(), Map.of("enabled", "false")));
            }
        }
        String zone = List.of("Europe/Berlin", "America/New_York", "Asia/Tokyo").get(i % 3);
        Calls.Outcome preferred = write(calls.send(bob, "PUT", "/api/notifications/preferences",
                "{\"timeZone\":\"" + zone + "\"}", Map.of("Content-Type", "application/json")));
        if (preferred.ok()) {
            preferences.put("timeZone", zone);
        }
    }

    /** One CSV import of {@code rows} new contacts by ada, run in the background by contacts-service; returns its id. */
    String startImport(String lastNamePrefix, int rows) {
        StringBuilder csv = new StringBuilder("First Name,Last Name,Email\n");
        for (int row = 0; row < rows; row++) {
            csv.append("Imported,").append(lastNamePrefix).append(row).append(",imp").append(row).append('.')
                    .append(lastNamePrefix.toLowerCase()).append("@e2e.example\n");
        }
        Calls.Outcome uploaded = write(calls.send(ada, "POST", "/api/imports?fileName=chaos.csv", csv.toString(),
                Map.of("Content-Type", "text/csv", "Idempotency-Key", marker + "-import")));
        if (!uploaded.ok()) {
            throw new AssertionError("the import was not accepted: " + uploaded);
        }
        String id = uploaded.id();
        Calls.Outcome run = write(calls.post(ada, "/api/imports/" + id + "/run", "{}", marker + "-import-run"));
        if (!run.ok()) {
            throw new AssertionError("the import did not start: " + run);
        }
        return id;
    }

    /**
     * A change retried after its first attempt got no answer may find its own effect: 409, the version moved on. Read
     * the record again; if it holds the change, the change was applied (its answer was lost), as a client would decide.
     */
    private Calls.Outcome confirmed(Calls.Outcome outcome, ApiClient client, String recordPath, String field, String value) {
        if (outcome.status() != 409 || outcome.attempts() == 1) {
            return outcome;
        }
        Calls.Outcome now = calls.get(client, recordPath);
        if (now.ok() && value.equals(now.json().path(field).asString())) {
            appliedWithoutAnswer.increment();
            return new Calls.Outcome(200, now.body(), outcome.attempts());
        }
        return outcome;
    }

    /** Changes whose answer was lost but which were applied (found on a re-read after a 409). */
    long appliedWithoutAnswer() {
        return appliedWithoutAnswer.sum();
    }

    private Calls.Outcome write(Calls.Outcome outcome) {
        if (outcome.ok()) {
            writesAnswered2xx.increment();
        } else {
            writesNotAnswered2xx.increment();
            refusals.add(outcome.toString());
        }
        return outcome;
    }

    long writesAnswered2xx() {
        return writesAnswered2xx.sum();
    }

    long writesNotAnswered2xx() {
        return writesNotAnswered2xx.sum();
    }

    /** Writes not answered 2xx even after retries, and cycles that broke: none is expected. */
    List<String> refusals() {
        return List.copyOf(refusals);
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
