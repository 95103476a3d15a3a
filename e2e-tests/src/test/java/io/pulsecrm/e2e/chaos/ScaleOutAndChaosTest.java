package io.pulsecrm.e2e.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.pulsecrm.deploy.catalog.ComponentSpec;
import io.pulsecrm.e2e.E2ePlatforms;
import io.pulsecrm.platform.test.ApiClient;
import jakarta.mail.internet.MimeMessage;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Scale-out and crash safety proven together (issues #14 and #15; DESIGN.md §1 and §5): two instances of every service
 * behind the gateway carry a mixed load while instances are killed with SIGKILL one after another and restarted, and
 * the broker and the store are restarted. Then, from the outside (the API, the broker, the mail server, the webhook
 * receiver and the live streams), nothing was lost and nothing happened twice:
 *
 * <ul>
 * <li>every write answered 2xx is stored, and its change was published as an event;</li>
 * <li>every event had exactly one effect: automation runs, the tasks and notifications they made, notifications for
 * won deals and handed-over tasks, webhook deliveries, deal statistics;</li>
 * <li>consumers of one group share the partitions: every replica holds some;</li>
 * <li>leased jobs fired once: reminders, overdue notices, stalled deals, the daily digest;</li>
 * <li>the live stream reached the user whichever replica held it, across the kill of one;</li>
 * <li>consumer lag returns to zero, and the dead-letter topics hold only the one poison record the test sent.</li>
 * </ul>
 *
 * Prints the figures (operations, faults, recovery time, lost and doubled: 0). docs/reliability.md explains them.
 */
class ScaleOutAndChaosTest {

    static final int REPLICAS = 2;
    /** Each worker's cycle starts this long after its last one ended: a modest load, it is a correctness test. */
    static final Duration PACE = Duration.ofSeconds(2);
    /** One instance of each service, alternating first and second replicas. */
    static final List<String> KILLED = List.of("contacts-service-1", "deals-service-2", "tasks-service-1",
            "automation-service-2", "notification-service-1");
    static final Duration FIRST_KILL = Duration.ofSeconds(10);
    /** One after another, each restarted at once: the restarts overlap, one replica of each service stays up. */
    static final Duration BETWEEN_KILLS = Duration.ofSeconds(3);
    static final Duration SETTLE = Duration.ofSeconds(8);
    static final Duration INFRA_DOWNTIME = Duration.ofSeconds(3);
    static final int IMPORTED_ROWS = 150;
    static final int REMINDER_TASKS = 4;
    /** How long everything may take to catch up once the last fault is over. */
    static final Duration CATCH_UP = Duration.ofMinutes(3);
    static final String DEALS_TOPIC = "pulse.deals.deal.v1";
    static final String TASKS_TOPIC = "pulse.tasks.task.v1";
    static final String CONTACTS_TOPIC = "pulse.contacts.contact.v1";
    static final Pattern ASSIGNED_PARTITIONS = Pattern.compile(
            "^kafka_consumer_coordinator_assigned_partitions\\{.*client_id=\"consumer-([^\"]+)-\\d+\".*} ([0-9.Ee+-]+)$");

    final Map<String, Object> figures = new LinkedHashMap<>();
    final String marker = "chaos" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    final Calls calls = new Calls();
    final List<NotificationStream> streams = new ArrayList<>();

    @Test
    void replicasShareTheWorkAndKillsAndRestartsUnderLoadLoseAndDoubleNothing() throws Exception {
        Instant begin = Instant.now();
        int smtpPort = E2ePlatforms.freePort();
        GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        try (ScaleOutPlatform platform = new ScaleOutPlatform(REPLICAS, smtpPort);
             EventLog log = new EventLog(platform.kafkaBootstrapServers());
             WebhookReceiver receiver = new WebhookReceiver();
             Faults faults = new Faults(platform)) {
            figures.put("platform start (identity, " + REPLICAS + " x 5 services, gateway)", seconds(begin));
            run(platform, log, receiver, faults, smtp);
        } finally {
            streams.forEach(NotificationStream::close);
            smtp.stop();
            figures.put("test wall time", seconds(begin));
            printFigures();
        }
    }

    private void run(ScaleOutPlatform platform, EventLog log, WebhookReceiver receiver, Faults faults, GreenMail smtp)
            throws Exception {
        ApiClient alex = platform.clients().as("alex");
        ApiClient ada = platform.clients().as("ada");
        ApiClient bob = platform.clients().as("bob");
        ApiClient maria = platform.clients().as("maria");

        // set-up: a pipeline, a rule on it, a partner's webhook, ada's digest and reminders, maria's live streams
        Load.Pipeline pipeline = pipeline(alex);
        String ruleId = created(calls.post(alex, "/api/automation/rules", """
                {"name":"Chaos follow-up %1$s","team":"east",
                 "trigger":{"type":"event","events":["pulse.deal.stage_changed.v1"],"field":"stage.name","to":"Proposal"},
                 "conditions":{"all":[{"field":"deal.title","op":"contains","value":"%1$s"}]},
                 "actions":[{"type":"create_task","taskType":"call","title":"Follow up {{deal.title}}","dueIn":"P2D",
                             "assignee":{"type":"owner"}},
                            {"type":"notify","recipients":[{"type":"manager"}],"channels":["in_app"],
                             "title":"{{owner.name}} moved {{deal.title}}"}]}""".formatted(marker), marker + "-rule")).id();
        created(calls.post(alex, "/api/webhooks", """
                {"targetUrl":"%s","eventTypes":["pulse.deal.*"],"description":"chaos %s"}"""
                .formatted(receiver.url(), marker), marker + "-webhook"));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // reminders come due in the first minute of the load; the digest collects them a minute or more later
        LocalTime digestAt = LocalTime.ofInstant(now.plusSeconds(150), ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
        assertThat(calls.send(ada, "PUT", "/api/notifications/preferences",
                "{\"digest\":{\"time\":\"" + digestAt + "\",\"types\":[\"task_reminder\"]}}",
                Map.of("Content-Type", "application/json")).ok()).isTrue();
        Map<String, String> reminderTasks = new LinkedHashMap<>();
        for (int k = 0; k < REMINDER_TASKS; k++) {
            String title = "Reminder " + marker + " " + k;
            reminderTasks.put(created(calls.post(ada, "/api/tasks", """
                    {"type":"todo","title":"%s","dueAt":"%s","reminders":["PT30S"]}"""
                    .formatted(title, now.plusSeconds(60 + 5L * k)), marker + "-reminder-" + k)).id(), title);
        }
        streams.add(new NotificationStream("through the gateway", platform.clients().gateway().baseUrl(),
                () -> platform.clients().userToken("maria")));
        for (ComponentSpec.Instance instance : platform.instancesOf("notification")) {
            streams.add(new NotificationStream("on " + instance.name(), instance.baseUrl().toString(),
                    () -> platform.clients().userToken("maria")));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> streams.stream().allMatch(NotificationStream::connected));
        Instant streamsOpen = Instant.now();

        // the load, a CSV import, a poison record, and the faults
        Instant loadStart = Instant.now();
        Load load = new Load(calls, marker, pipeline, ada, bob, maria, alex);
        load.start(PACE);
        String importPrefix = "I" + marker;
        String importId = load.startImport(importPrefix, IMPORTED_ROWS);
        EventLog.TopicPartitionOffset poison = log.publishPoison(DEALS_TOPIC, "poison-" + marker);
        faults.start(KILLED, FIRST_KILL, BETWEEN_KILLS, SETTLE, INFRA_DOWNTIME)
                .thenRunAsync(() -> { }, java.util.concurrent.CompletableFuture.delayedExecutor(SETTLE.toSeconds(), TimeUnit.SECONDS))
                .get(10, TimeUnit.MINUTES);
        load.stop();
        figures.put("load duration (faults included)", seconds(loadStart));

        // catching up: the import, every consumer group, the derived effects
        Instant caughtUpFrom = Instant.now();
        JsonNode importJob = await().atMost(CATCH_UP).pollInterval(Duration.ofSeconds(1))
                .until(() -> calls.get(ada, "/api/imports/" + importId).json(),
                        job -> Set.of("completed", "failed", "cancelled").contains(job.get("status").asString()));
        Map<String, Long> lag = await().atMost(CATCH_UP).pollInterval(Duration.ofSeconds(1))
                .until(log::lagByGroup, byGroup -> byGroup.values().stream().allMatch(behind -> behind == 0));
        Duration lagZeroAfterLastFault = Duration.between(faults.lastRecovered(), Instant.now());
        List<EventLog.Event> events = log.events(log.domainTopics());
        Map<String, List<EventLog.Event>> eventsBySubject = events.stream()
                .collect(Collectors.groupingBy(EventLog.Event::subject));
        Set<String> dealIds = load.deals.keySet();
        List<EventLog.Event> proposalMoves = distinct(events.stream().filter(e -> dealIds.contains(e.subject())
                && e.type().equals("pulse.deal.stage_changed.v1")
                && "Proposal".equals(e.envelope().data().path("newStage").path("name").asString())).toList());
        List<EventLog.Event> dealEvents = distinct(events.stream()
                .filter(e -> e.topic().equals(DEALS_TOPIC) && dealIds.contains(e.subject())).toList());
        List<JsonNode> runs = await().atMost(CATCH_UP).pollInterval(Duration.ofSeconds(2))
                .until(() -> calls.all(alex, "/api/automation/runs?ruleId=" + ruleId),
                        all -> all.size() >= proposalMoves.size()
                                && all.stream().allMatch(r -> Set.of("completed", "failed", "stopped").contains(r.get("status").asString())));
        await().atMost(CATCH_UP).pollInterval(Duration.ofSeconds(1)).until(() -> receiver.deliveries().stream()
                .map(WebhookReceiver.Delivery::eventId).collect(Collectors.toSet())
                .containsAll(dealEvents.stream().map(EventLog.Event::id).toList()));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> digestsTo(smtp, "ada@pulse.test").size() >= 1);
        List<JsonNode> mariasInbox = calls.all(maria, "/api/notifications?state=all");
        Set<String> mariasSinceStreamsOpened = mariasInbox.stream()
                .filter(n -> Instant.parse(n.get("createdAt").asString()).isAfter(streamsOpen))
                .map(n -> n.get("id").asString()).collect(Collectors.toSet());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> streams.stream().allMatch(s -> s.received().containsAll(mariasSinceStreamsOpened)));
        figures.put("catch-up after the load (lag zero, runs, webhooks, digest, streams)", seconds(caughtUpFrom));
        figures.put("consumer lag back to zero after the last fault", lagZeroAfterLastFault.toMillis() / 1000.0 + " s");

        SoftAssertions soft = new SoftAssertions();
        Map<String, Integer> lost = new TreeMap<>();
        Map<String, Integer> doubled = new TreeMap<>();

        // 1. every write answered 2xx is stored, and published
        checkStored(soft, lost, load, alex, bob);
        checkPublished(soft, lost, load, eventsBySubject);

        // 2. every event had one effect
        Map<String, Long> runsByEvent = runs.stream()
                .collect(Collectors.groupingBy(r -> r.at("/trigger/eventId").asString(), Collectors.counting()));
        count(lost, doubled, "automation runs", proposalMoves, e -> runsByEvent.getOrDefault(e.id(), 0L));
        soft.assertThat(runs).as("every run of the rule completed")
                .allSatisfy(run -> assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("completed"));
        Map<String, Long> proposalMovesByDeal = proposalMoves.stream()
                .collect(Collectors.groupingBy(EventLog.Event::subject, Collectors.counting()));
        Map<String, Long> followUpsByDeal = new HashMap<>();
        for (String dealId : proposalMovesByDeal.keySet()) {
            followUpsByDeal.put(dealId, calls.all(alex, "/api/tasks?dealId=" + dealId).stream()
                    .filter(task -> task.get("title").asString().startsWith("Follow up ")).count());
        }
        countByKey(lost, doubled, "follow-up tasks made by automation", proposalMovesByDeal, followUpsByDeal);
        Map<String, Long> noticesByDeal = mariasInbox.stream().filter(n -> n.get("type").asString().equals("automation"))
                .filter(n -> proposalMovesByDeal.containsKey(n.get("subjectId").asString()))
                .collect(Collectors.groupingBy(n -> n.get("subjectId").asString(), Collectors.counting()));
        countByKey(lost, doubled, "automation notices to the manager", proposalMovesByDeal, noticesByDeal);

        List<JsonNode> adasInbox = calls.all(ada, "/api/notifications?state=all");
        List<JsonNode> bobsInbox = calls.all(bob, "/api/notifications?state=all");
        Map<String, Long> notices = new HashMap<>();
        for (JsonNode n : concat(mariasInbox, adasInbox, bobsInbox)) {
            notices.merge(n.get("userId").asString() + "|" + n.get("type").asString() + "|"
                    + n.path("sourceEventId").asString(), 1L, Long::sum);
        }
        List<EventLog.Event> wins = filter(dealEvents, "pulse.deal.won.v1");
        count(lost, doubled, "deal-won notices to the owner", wins,
                e -> notices.getOrDefault(e.envelope().data().at("/deal/ownerId").asString() + "|deal_won|" + e.id(), 0L));
        count(lost, doubled, "team deal-won notices to the manager", wins,
                e -> notices.getOrDefault("maria|team_deal_won|" + e.id(), 0L));
        List<EventLog.Event> handovers = distinct(events.stream().filter(e -> load.tasks.containsKey(e.subject())
                && e.type().equals("pulse.task.assigned.v1")).toList());
        count(lost, doubled, "task-assigned notices", handovers, e -> notices.getOrDefault("bob|task_assigned|" + e.id(), 0L));

        Map<String, Set<String>> webhookIdsByEvent = new HashMap<>();
        receiver.deliveries().forEach(d -> webhookIdsByEvent.computeIfAbsent(d.eventId(), id -> new java.util.HashSet<>())
                .add(d.webhookId()));
        count(lost, doubled, "webhook deliveries (distinct webhook-ids per event)", dealEvents,
                e -> (long) webhookIdsByEvent.getOrDefault(e.id(), Set.of()).size());
        long resent = receiver.deliveries().size() - webhookIdsByEvent.values().stream().mapToInt(Set::size).sum();
        figures.put("webhook requests sent again with the same webhook-id (a send cut off by a kill; receivers dedupe)", resent);

        checkStatistics(soft, alex, pipeline);

        // 3. leased jobs fired once
        for (String type : List.of("pulse.task.reminder_due.v1", "pulse.task.overdue.v1")) {
            Map<String, Long> fired = distinct(events.stream().filter(e -> e.type().equals(type)
                    && reminderTasks.containsKey(e.subject())).toList()).stream()
                    .collect(Collectors.groupingBy(EventLog.Event::subject, Collectors.counting()));
            countByKey(lost, doubled, type + " (job task-timers)", ones(reminderTasks.keySet()), fired);
        }
        Map<String, Long> remindersInInbox = adasInbox.stream().filter(n -> n.get("type").asString().equals("task_reminder"))
                .filter(n -> reminderTasks.containsKey(n.get("subjectId").asString()))
                .collect(Collectors.groupingBy(n -> n.get("subjectId").asString(), Collectors.counting()));
        countByKey(lost, doubled, "reminder notices", ones(reminderTasks.keySet()), remindersInInbox);
        Set<String> stuck = load.deals.values().stream()
                .filter(d -> pipeline.stages().get("Stuck").equals(d.fields().get("stageId")))
                .map(Load.Expected::id).collect(Collectors.toSet());
        // a deal moved into Stuck near the end of the load stalls a little after it
        List<EventLog.Event> stalledEvents = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> distinct(log.events(List.of(DEALS_TOPIC)).stream()
                                .filter(e -> e.type().equals("pulse.deal.stalled.v1") && stuck.contains(e.subject())).toList()),
                        found -> found.stream().map(EventLog.Event::subject).collect(Collectors.toSet()).containsAll(stuck));
        Map<String, Long> stalled = stalledEvents.stream()
                .collect(Collectors.groupingBy(EventLog.Event::subject, Collectors.counting()));
        countByKey(lost, doubled, "stalled-deal events (job deals-stall-detector)", ones(stuck), stalled);
        List<MimeMessage> digests = digestsTo(smtp, "ada@pulse.test");
        soft.assertThat(digests).as("ada's daily digest, sent once (job email-digests)").hasSize(1);
        if (!digests.isEmpty()) {
            String body = GreenMailUtil.getBody(digests.getFirst());
            for (String title : reminderTasks.values()) {
                soft.assertThat(occurrences(body, title + "\r\n") + occurrences(body, title + "\n"))
                        .as("%s listed once in the digest", title).isEqualTo(1);
            }
        }
        figures.put("duplicate records on the topics (same event id published again after a kill or broker restart)",
                events.size() - events.stream().map(EventLog.Event::id).distinct().count());

        // 4. the import
        soft.assertThat(importJob.get("status").asString()).as(importJob.toString()).isEqualTo("completed");
        soft.assertThat(importJob.get("created").asInt()).as("rows imported").isEqualTo(IMPORTED_ROWS);
        List<JsonNode> imported = calls.all(ada, "/api/contacts?q=" + importPrefix);
        count(lost, doubled, "contacts from the CSV import", importRows(importPrefix),
                row -> imported.stream().filter(c -> c.get("lastName").asString().equals(row)).count());

        // 5. replicas share the partitions; lag; dead letters; live streams
        checkPartitionsShared(soft, platform);
        soft.assertThat(lag).as("consumer lag per group").allSatisfy((group, behind) -> assertThat(behind).isZero());
        Set<String> poisonReaders = log.groupsByTopic().getOrDefault(DEALS_TOPIC, Set.of());
        List<EventLog.DeadLetter> deadLetters = log.deadLetters();
        soft.assertThat(deadLetters).as("dead letters: only the poison record the test sent")
                .allSatisfy(letter -> {
                    assertThat(letter.originalTopic()).isEqualTo(poison.topic());
                    assertThat(letter.originalPartition()).isEqualTo(poison.partition());
                    assertThat(letter.originalOffset()).isEqualTo(poison.offset());
                });
        soft.assertThat(deadLetters.stream().map(EventLog.DeadLetter::group).collect(Collectors.toSet()))
                .as("every group reading " + DEALS_TOPIC + " set the poison record aside").containsAll(poisonReaders);
        for (NotificationStream stream : streams) {
            soft.assertThat(stream.received()).as("maria's stream %s", stream.name()).containsAll(mariasSinceStreamsOpened);
            figures.put("live stream " + stream.name() + ": notifications / connections", stream.received().size() + " / "
                    + stream.connections());
        }
        soft.assertThat(calls.serverErrors()).as("answers 500 (a 5xx other than 'unavailable' is a bug)").isEmpty();
        soft.assertThat(load.refusals()).as("writes not answered 2xx after retries, and broken cycles").isEmpty();

        figures.put("API writes answered 2xx", load.writesAnswered2xx());
        figures.put("API writes not answered 2xx (after retries)", load.writesNotAnswered2xx());
        figures.put("changes applied whose answer was lost (found on a re-read)", load.appliedWithoutAnswer());
        figures.put("HTTP requests sent (reads included) / retried", calls.requests() + " / " + calls.retried());
        figures.put("first answers by status", calls.firstAnswers());
        figures.put("events on the domain topics", events.size());
        figures.put("deals / moved into Proposal / won / stalled", dealIds.size() + " / " + proposalMoves.size() + " / "
                + wins.size() + " / " + stuck.size());
        figures.put("automation runs / webhook deliveries", runs.size() + " / " + webhookIdsByEvent.size());
        figures.put("dead letters (all the poison record) / groups that read it", deadLetters.size() + " / " + poisonReaders.size());
        faults.injected().forEach(fault -> figures.put("fault: " + fault.what(), "back after " + fault.until().toMillis() + " ms"));
        figures.put("faults injected", faults.injected().size());
        figures.put("lost", lost.values().stream().mapToInt(Integer::intValue).sum() + " " + lost);
        figures.put("doubled", doubled.values().stream().mapToInt(Integer::intValue).sum() + " " + doubled);
        soft.assertThat(lost).as("lost effects").isEmpty();
        soft.assertThat(doubled).as("doubled effects").isEmpty();
        soft.assertAll();
    }

    private Load.Pipeline pipeline(ApiClient admin) {
        JsonNode pipeline = created(calls.post(admin, "/api/pipelines", """
                {"name":"Chaos %s","lostReasons":["Price"],"stages":[
                  {"name":"Lead","probability":10},{"name":"Proposal","probability":60},
                  {"name":"Stuck","probability":30,"stallAfter":"PT15S"},
                  {"name":"Won","kind":"won"},{"name":"Lost","kind":"lost"}]}""".formatted(marker), marker + "-pipeline")).json();
        Map<String, String> stages = new LinkedHashMap<>();
        pipeline.get("stages").forEach(stage -> stages.put(stage.get("name").asString(), stage.get("id").asString()));
        return new Load.Pipeline(pipeline.get("id").asString(), stages);
    }

    /** Every record the load changed holds what its last write answered 2xx with. */
    private void checkStored(SoftAssertions soft, Map<String, Integer> lost, Load load, ApiClient alex, ApiClient bob) {
        Map<String, Map<String, Load.Expected>> kinds = Map.of("/api/contacts/", load.contacts, "/api/deals/", load.deals,
                "/api/tasks/", load.tasks, "/api/automation/rules/", load.rules);
        kinds.forEach((path, records) -> records.values().forEach(expected -> {
            Calls.Outcome stored = calls.get(alex, path + expected.id());
            if (!stored.ok()) {
                lost.merge("stored records " + path, 1, Integer::sum);
                return;
            }
            JsonNode json = stored.json();
            soft.assertThat(json.get("version").asLong()).as("%s%s version", path, expected.id())
                    .isGreaterThanOrEqualTo(expected.version());
            expected.fields().forEach((field, value) -> {
                if (!sameValue(json.path(field), value)) {
                    lost.merge("stored changes " + path + field, 1, Integer::sum);
                }
            });
        }));
        String zone = load.preferences.get("timeZone");
        if (zone != null) {
            soft.assertThat(calls.get(bob, "/api/notifications/preferences").json().get("timeZone").asString())
                    .as("bob's preferences as last saved").isEqualTo(zone);
        }
        figures.put("records written by the load (contacts / deals / tasks / rules)", load.contacts.size() + " / "
                + load.deals.size() + " / " + load.tasks.size() + " / " + load.rules.size());
    }

    /** Each record's events: a gap-free sequence 1..n whose last event carries the state that is stored. */
    private void checkPublished(SoftAssertions soft, Map<String, Integer> lost, Load load,
                                Map<String, List<EventLog.Event>> eventsBySubject) {
        Map<String, Map<String, Load.Expected>> kinds = Map.of("contact", load.contacts, "deal", load.deals, "task", load.tasks);
        kinds.forEach((kind, records) -> records.values().forEach(expected -> {
            List<EventLog.Event> ofRecord = distinct(eventsBySubject.getOrDefault(expected.id(), List.of()));
            long highest = ofRecord.stream().mapToLong(e -> e.envelope().aggregateVersion()).max().orElse(0);
            Set<Long> sequence = ofRecord.stream().map(e -> e.envelope().aggregateVersion()).collect(Collectors.toSet());
            if (highest == 0 || sequence.size() != highest || ofRecord.size() != highest) {
                lost.merge("published events of " + kind + "s (gaps in the sequence)", 1, Integer::sum);
                return;
            }
            JsonNode last = ofRecord.stream().filter(e -> e.envelope().aggregateVersion() == highest).findFirst()
                    .orElseThrow().envelope().data().path(kind);
            expected.fields().forEach((field, value) -> {
                // a deal's snapshot in its events names its stage as {id, name, kind, probability}
                JsonNode published = kind.equals("deal") && field.equals("stageId") ? last.at("/stage/id") : last.path(field);
                if (!sameValue(published, value)) {
                    lost.merge("published changes of " + kind + "s (" + field + ")", 1, Integer::sum);
                }
            });
        }));
    }

    /** The board's totals (kept by the statistics consumer from the events) equal a count of the deals as stored. */
    private void checkStatistics(SoftAssertions soft, ApiClient alex, Load.Pipeline pipeline) {
        List<JsonNode> deals = calls.all(alex, "/api/deals?pipelineId=" + pipeline.id());
        Map<String, Long> counted = deals.stream().collect(Collectors.groupingBy(d -> d.get("stageId").asString(),
                Collectors.counting()));
        Map<String, BigDecimal> amounts = deals.stream().collect(Collectors.groupingBy(d -> d.get("stageId").asString(),
                Collectors.reducing(BigDecimal.ZERO, d -> d.get("amount").decimalValue(), BigDecimal::add)));
        JsonNode board = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> calls.get(alex, "/api/deals/board?pipelineId=" + pipeline.id()).json(),
                        b -> boardMatches(b, counted, amounts));
        for (JsonNode column : board.get("stages")) {
            String stage = column.get("stageId").asString();
            soft.assertThat(column.get("count").asLong()).as("board count of %s", column.get("name").asString())
                    .isEqualTo(counted.getOrDefault(stage, 0L));
        }
        figures.put("deal statistics (board count per stage)", board.get("stages").valueStream()
                .map(c -> c.get("name").asString() + " " + c.get("count").asLong()).toList());
    }

    private static boolean boardMatches(JsonNode board, Map<String, Long> counted, Map<String, BigDecimal> amounts) {
        for (JsonNode column : board.get("stages")) {
            String stage = column.get("stageId").asString();
            BigDecimal amount = column.path("amount").path("EUR").isMissingNode() ? BigDecimal.ZERO
                    : column.path("amount").path("EUR").decimalValue();
            if (column.get("count").asLong() != counted.getOrDefault(stage, 0L)
                    || amount.compareTo(amounts.getOrDefault(stage, BigDecimal.ZERO)) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Every instance of every service holds partitions in each of its service's consumer groups. */
    private void checkPartitionsShared(SoftAssertions soft, ScaleOutPlatform platform) {
        Map<String, Map<String, Double>> byGroup = new TreeMap<>();
        for (String service : ScaleOutPlatform.SERVICES) {
            Map<String, Map<String, Double>> ofService = new TreeMap<>();
            for (ComponentSpec.Instance instance : platform.instancesOf(service)) {
                Calls.Outcome metrics = calls.get(new ApiClient(instance.baseUrl().toString()), "/actuator/prometheus");
                for (String line : metrics.body().lines().toList()) {
                    Matcher matcher = ASSIGNED_PARTITIONS.matcher(line);
                    if (matcher.matches() && !EventLog.perReplica(matcher.group(1))) {
                        ofService.computeIfAbsent(matcher.group(1), g -> new TreeMap<>())
                                .merge(instance.name(), Double.parseDouble(matcher.group(2)), Double::sum);
                    }
                }
            }
            soft.assertThat(ofService).as("%s's consumer groups", service).isNotEmpty();
            ofService.forEach((group, partitions) -> soft.assertThat(partitions)
                    .as("partitions of group %s per instance", group)
                    .hasSize(REPLICAS).allSatisfy((instance, count) -> assertThat(count).isPositive()));
            byGroup.putAll(ofService);
        }
        figures.put("partitions held per consumer group and instance", byGroup);
    }

    /**
     * Compares what was expected of each thing (how many effects it should have) with what was found, adding the
     * shortfalls to {@code lost} and the excess to {@code doubled} under {@code what}.
     */
    private <T> void count(Map<String, Integer> lost, Map<String, Integer> doubled, String what, List<T> things,
                           Function<T, Long> found) {
        int missing = 0;
        int extra = 0;
        for (T thing : things) {
            long n = found.apply(thing);
            if (n < 1) {
                missing++;
            } else if (n > 1) {
                extra += (int) (n - 1);
            }
        }
        figures.put("checked: " + what, things.size());
        if (missing > 0) {
            lost.merge(what, missing, Integer::sum);
        }
        if (extra > 0) {
            doubled.merge(what, extra, Integer::sum);
        }
    }

    private void countByKey(Map<String, Integer> lost, Map<String, Integer> doubled, String what,
                            Map<String, Long> expected, Map<String, Long> found) {
        int missing = 0;
        int extra = 0;
        Set<String> keys = new java.util.HashSet<>(expected.keySet());
        keys.addAll(found.keySet());
        for (String key : keys) {
            long want = expected.getOrDefault(key, 0L);
            long got = found.getOrDefault(key, 0L);
            if (got < want) {
                missing += (int) (want - got);
            } else if (got > want) {
                extra += (int) (got - want);
            }
        }
        figures.put("checked: " + what, expected.values().stream().mapToLong(Long::longValue).sum());
        if (missing > 0) {
            lost.merge(what, missing, Integer::sum);
        }
        if (extra > 0) {
            doubled.merge(what, extra, Integer::sum);
        }
    }

    private static Map<String, Long> ones(Set<String> keys) {
        return keys.stream().collect(Collectors.toMap(key -> key, key -> 1L));
    }

    /** One per event id: a record published twice (at least once delivery) is one event. */
    private static List<EventLog.Event> distinct(List<EventLog.Event> events) {
        Map<String, EventLog.Event> byId = new LinkedHashMap<>();
        events.forEach(event -> byId.putIfAbsent(event.id(), event));
        return List.copyOf(byId.values());
    }

    private static List<EventLog.Event> filter(List<EventLog.Event> events, String type) {
        return events.stream().filter(e -> e.type().equals(type)).toList();
    }

    private static List<String> importRows(String prefix) {
        List<String> rows = new ArrayList<>();
        for (int row = 0; row < IMPORTED_ROWS; row++) {
            rows.add(prefix + row);
        }
        return rows;
    }

    @SafeVarargs
    private static List<JsonNode> concat(List<JsonNode>... lists) {
        List<JsonNode> all = new ArrayList<>();
        for (List<JsonNode> list : lists) {
            all.addAll(list);
        }
        return all;
    }

    private static boolean sameValue(JsonNode actual, String expected) {
        if (actual.isNumber()) {
            return actual.decimalValue().compareTo(new BigDecimal(expected)) == 0;
        }
        return expected.equals(actual.asString());
    }

    private static List<MimeMessage> digestsTo(GreenMail smtp, String address) throws Exception {
        List<MimeMessage> digests = new ArrayList<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            boolean toAddress = java.util.Arrays.stream(message.getAllRecipients()).anyMatch(r -> r.toString().contains(address));
            if (toAddress && message.getSubject() != null && message.getSubject().startsWith("Your Pulse CRM digest")) {
                digests.add(message);
            }
        }
        return digests;
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }

    private static Calls.Outcome created(Calls.Outcome outcome) {
        assertThat(outcome.status()).as(outcome.toString()).isEqualTo(201);
        return outcome;
    }

    private static String seconds(Instant since) {
        return String.format("%.1f s", Duration.between(since, Instant.now()).toMillis() / 1000.0);
    }

    private void printFigures() {
        System.out.println();
        System.out.println("=== Scale-out and chaos: figures ===");
        figures.forEach((name, value) -> System.out.printf("  %-100s %s%n", name, value));
        System.out.println();
    }
}
