package io.pulsecrm.platform.test.indexcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

class IndexCheckReportTest {

    private static final QueryRecorder.Origin SERVICE =
            new QueryRecorder.Origin("io.pulsecrm.tasks.tasks.TaskQueries.page(TaskQueries.java:113)", null, false);
    private static final QueryRecorder.Origin TEST = new QueryRecorder.Origin("io.pulsecrm.tasks.TaskApiTest.lists(TaskApiTest.java:9)", null, true);

    private final QueryRecorder recorder = new QueryRecorder();

    private void send(String command, QueryRecorder.Origin origin) {
        BsonDocument document = BsonDocument.parse(command);
        recorder.observe(document.getFirstKey(), document, () -> origin);
    }

    private static AllowList allowList(String... lines) {
        List<AllowList.Entry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        AllowList.parse(List.of(lines), "allowed.txt", entries, problems);
        return new AllowList(entries, problems);
    }

    @Test
    void listsEachUnservedShapeOnceWithItsCountOriginTestAndFix() {
        recorder.currentTest("TaskApiTest#lists");
        send("{createIndexes: 'tasks', indexes: [{key: {assigneeId: 1, _id: 1}, name: 'assignee'}]}", SERVICE);
        send("{find: 'tasks', filter: {assigneeId: 'ada'}, sort: {_id: 1}}", SERVICE);
        send("{find: 'tasks', filter: {assigneeId: 'bob'}, sort: {_id: 1}}", SERVICE);
        send("{find: 'tasks', filter: {title: 'Call'}, sort: {dueAt: 1}}", SERVICE);
        send("{find: 'tasks', filter: {title: 'Call'}, sort: {dueAt: 1}}", SERVICE);
        send("{delete: 'tasks', deletes: [{q: {}, limit: 0}]}", TEST);

        IndexCheckReport report = new IndexCheckReport(recorder, allowList());

        assertThat(report.failing()).isTrue();
        assertThat(report.summary()).isEqualTo("MongoDB index check: 2 query shapes (4 commands) on 1 collection: "
                + "1 served by an index, 0 allow-listed, 1 NOT served; 1 shape sent by test code itself not checked");
        assertThat(report.failures()).contains(
                "  tasks                              2x  find {title: eq} sort {dueAt: 1}\n"
                        + "      why:  reads every document: no index starts with title or gives the order\n"
                        + "      from: io.pulsecrm.tasks.tasks.TaskQueries.page(TaskQueries.java:113)\n"
                        + "      test: TaskApiTest#lists\n"
                        + "      fix:  declare an index on {title: 1, dueAt: 1} on tasks\n"
                        + "      or allow-list: tasks | find {title: eq} sort {dueAt: 1} | <why reading every document is fine here>\n")
                .contains("src/test/resources/pulse/index-check/allowed.txt");
        assertThat(report.embeddedSummary()).isEqualTo("On the embedded store 2 shapes (4 commands of 4) read the whole collection");
        assertThat(report.full()).contains("tasks                              2x  find {assigneeId: eq} sort {_id: 1}   by assignee")
                .contains("SENT BY TEST CODE ONLY (not checked)\n  tasks                              1x  delete {}");
    }

    @Test
    void anAllowListedShapeDoesNotFailAndAnEntryWithoutReasonDoes() {
        send("{find: 'pipelines', filter: {}}", SERVICE);

        assertThat(new IndexCheckReport(recorder, allowList("pipelines | find {} | a few per organisation")).failing()).isFalse();
        IndexCheckReport missingReason = new IndexCheckReport(recorder, allowList("pipelines | find {} |"));
        assertThat(missingReason.failing()).isTrue();
        assertThat(missingReason.failures()).startsWith("allow-list: allowed.txt:1: expected 'collection | shape | reason'");
    }

    @Test
    void indexesDeclaredLaterInTheRunStillCount() {
        send("{findAndModify: 'import_jobs', query: {status: 'QUEUED'}, update: {$set: {status: 'RUNNING'}}}", SERVICE);
        send("{createIndexes: 'import_jobs', indexes: [{key: {status: 1, heartbeatAt: 1}, name: 'status_heartbeat'}]}", SERVICE);

        assertThat(new IndexCheckReport(recorder, allowList()).failing()).isFalse();
    }
}
