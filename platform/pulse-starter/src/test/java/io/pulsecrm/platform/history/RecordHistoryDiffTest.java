package io.pulsecrm.platform.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import java.util.List;
import java.util.Set;

import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;

class RecordHistoryDiffTest {

    @Test
    void listsChangedFieldsWithOldAndNewValuesLeavingBookkeepingAndIgnoredFieldsOut() {
        Document before = new Document("_id", "c1").append("version", 3L).append("updatedAt", new Date(1))
                .append("name", "Ada").append("ownerId", "ada")
                .append("address", new Document("city", "London").append("country", "GB"))
                .append("tags", List.of("vip")).append("searchKeys", List.of("ada"));
        Document after = new Document("_id", "c1").append("version", 4L).append("updatedAt", new Date(2))
                .append("name", "Ada").append("ownerId", "bob")
                .append("address", new Document("city", "Paris").append("country", "GB"))
                .append("tags", List.of("vip", "b2b")).append("amount", new Decimal128(new java.math.BigDecimal("10.50")))
                .append("searchKeys", List.of("ada", "paris"));

        List<FieldChange> changes = RecordHistory.diff(before, after, Set.of("searchKeys"));

        assertThat(changes).containsExactly(
                new FieldChange("address.city", "London", "Paris"),
                new FieldChange("amount", null, "10.5"),
                new FieldChange("ownerId", "ada", "bob"),
                new FieldChange("tags", List.of("vip"), List.of("vip", "b2b")));
    }

    @Test
    void aNewRecordListsEveryFieldAsSet() {
        List<FieldChange> changes = RecordHistory.diff(null, new Document("_id", "x").append("title", "Call"), Set.of());

        assertThat(changes).containsExactly(new FieldChange("title", null, "Call"));
    }
}
