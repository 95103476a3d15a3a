package io.pulsecrm.platform.test.indexcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

class AllowListTest {

    @Test
    void entriesNeedAReasonAndMatchTheRenderedShape() {
        List<AllowList.Entry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        AllowList.parse(List.of(
                "# comment",
                "",
                "pipelines | find {} | at most a few dozen pipelines per organisation, read whole for the settings page",
                "rules | find {enabled: eq} |"), "allowed.txt", entries, problems);
        assertThat(problems).singleElement().asString().startsWith("allowed.txt:4: expected");
        AllowList allowList = new AllowList(entries, problems);
        QueryShape all = CommandShapes.of("find", BsonDocument.parse("{find: 'pipelines', filter: {}}")).getFirst().shape();
        assertThat(allowList.find("pipelines", all)).get().extracting(AllowList.Entry::reason).asString().startsWith("at most");
        assertThat(allowList.find("deals", all)).isEmpty();
    }

    @Test
    void anAsteriskStandsForAnyText() {
        String shape = "find {customFields.c123Tier: eq, deletedAt: eq} sort {customFields.c123Seats: -1, _id: -1}";
        assertThat(AllowList.matches("find {customFields.*: eq, deletedAt: eq} sort {customFields.*}", shape)).isTrue();
        assertThat(AllowList.matches("find * sort {customFields.*}", shape)).isTrue();
        assertThat(AllowList.matches("find {deletedAt: eq} sort {customFields.*}", shape)).isFalse();
        assertThat(AllowList.matches("find {a.b: eq}", "find {aXb: eq}")).isFalse();
    }
}
