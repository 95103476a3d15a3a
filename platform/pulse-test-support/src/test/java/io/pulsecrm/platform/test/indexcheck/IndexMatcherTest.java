package io.pulsecrm.platform.test.indexcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.bson.BsonDocument;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class IndexMatcherTest {

    private static IndexDefinition index(String json) {
        return IndexDefinition.of(BsonDocument.parse(json));
    }

    private static IndexMatcher.Verdict find(String filter, String sort, IndexDefinition... indexes) {
        BsonDocument command = BsonDocument.parse("{find: 'c', filter: " + filter + (sort == null ? "" : ", sort: " + sort) + "}");
        QueryShape shape = CommandShapes.of("find", command).getFirst().shape();
        return IndexMatcher.judge(shape, Arrays.asList(indexes));
    }

    private static final IndexDefinition OWNER_UPDATED = index("{name: 'owner_updated', key: {ownerId: 1, updatedAt: -1}}");

    @Nested
    class EqualitySortRange {

        @Test
        void equalityThenSortThenRangeIsServed() {
            IndexDefinition esr = index("{name: 'esr', key: {ownerId: 1, updatedAt: -1, amount: 1}}");
            assertThat(find("{ownerId: 'ada', amount: {$gt: 5}}", "{updatedAt: -1}", esr).served()).isTrue();
        }

        @Test
        void rangeBeforeTheSortKeySortsInMemory() {
            IndexDefinition ers = index("{name: 'ers', key: {ownerId: 1, amount: 1, updatedAt: -1}}");
            IndexMatcher.Verdict verdict = find("{ownerId: 'ada', amount: {$gt: 5}}", "{updatedAt: -1}", ers);
            assertThat(verdict.served()).isFalse();
            assertThat(verdict.reason()).startsWith("sorts in memory").contains("ers");
        }

        @Test
        void rangeOnTheSortKeyItselfIsServed() {
            assertThat(find("{ownerId: 'ada', updatedAt: {$lt: {$date: '2026-01-01T00:00:00Z'}}}", "{updatedAt: -1}", OWNER_UPDATED).served())
                    .isTrue();
        }

        @Test
        void equalityOnALeadingKeyAloneBoundsTheScan() {
            assertThat(find("{ownerId: 'ada', stage: 'won'}", null, OWNER_UPDATED).served()).isTrue();
        }

        @Test
        void aRangeAloneOnTheFirstKeyBoundsTheScan() {
            IndexDefinition due = index("{name: 'due', key: {dueAt: 1}}");
            assertThat(find("{dueAt: {$lte: 5}}", null, due).served()).isTrue();
        }

        @Test
        void noIndexOnTheFilteredFieldReadsEveryDocument() {
            IndexMatcher.Verdict verdict = find("{email: 'a@b.c'}", null, OWNER_UPDATED);
            assertThat(verdict.served()).isFalse();
            assertThat(verdict.reason()).isEqualTo("reads every document: no index starts with email");
        }

        @Test
        void anEmptyFilterWithoutSortReadsEveryDocument() {
            assertThat(find("{}", null, OWNER_UPDATED).reason()).isEqualTo("reads every document (no filter)");
        }

        @Test
        void anEmptyFilterSortedByAnIndexIsServed() {
            IndexDefinition updated = index("{name: 'updated', key: {updatedAt: 1}}");
            assertThat(find("{}", "{updatedAt: -1}", updated).served()).isTrue();
        }

        @Test
        void aFilterTheIndexOnlyOrdersIsNotServed() {
            IndexDefinition updated = index("{name: 'updated', key: {updatedAt: 1}}");
            assertThat(find("{status: 'open'}", "{updatedAt: -1}", updated).served()).isFalse();
        }

        @Test
        void sortingOnAFieldWithAnEqualityNeedsNoIndexKey() {
            assertThat(find("{ownerId: 'ada', stage: 'won'}", "{stage: 1, updatedAt: -1}",
                    index("{name: 'x', key: {ownerId: 1, updatedAt: -1}}")).served()).isTrue();
        }

        @Test
        void anEqualityKeyBetweenSortKeysIsSkipped() {
            IndexDefinition index = index("{name: 'x', key: {a: 1, b: 1, c: 1}}");
            assertThat(find("{b: 2}", "{a: 1, c: 1}", index).served()).isFalse();
            assertThat(find("{a: 1, b: 2}", "{c: 1}", index).served()).isTrue();
        }
    }

    @Nested
    class CompoundPrefixes {

        private final IndexDefinition pipelineStage = index("{name: 'pipeline_stage', key: {pipelineId: 1, stageId: 1, _id: 1}}");

        @Test
        void aLeadingPrefixServes() {
            assertThat(find("{pipelineId: 'p'}", null, pipelineStage).index()).isEqualTo("pipeline_stage");
            assertThat(find("{pipelineId: 'p', stageId: 's'}", "{_id: 1}", pipelineStage).served()).isTrue();
        }

        @Test
        void aLaterKeyAloneDoesNot() {
            assertThat(find("{stageId: 's'}", null, pipelineStage).served()).isFalse();
        }

        @Test
        void aGapInThePrefixLeavesTheSortToMemory() {
            assertThat(find("{pipelineId: 'p'}", "{_id: 1}", pipelineStage).served()).isFalse();
        }
    }

    @Nested
    class InAndOr {

        @Test
        void inIsAnEqualityForThePrefixAndTheSort() {
            assertThat(find("{ownerId: {$in: ['ada', 'bob']}}", "{updatedAt: -1}", OWNER_UPDATED).served()).isTrue();
        }

        @Test
        void orIsServedWhenEveryBranchIs() {
            IndexDefinition email = index("{name: 'email', key: {email: 1}}");
            assertThat(find("{$or: [{ownerId: 'ada'}, {email: 'a@b.c'}]}", null, OWNER_UPDATED, email).index())
                    .isEqualTo("owner_updated | email");
        }

        @Test
        void orWithAnUnindexedBranchReadsEveryDocument() {
            IndexMatcher.Verdict verdict = find("{$or: [{ownerId: 'ada'}, {phone: '1'}]}", null, OWNER_UPDATED);
            assertThat(verdict.served()).isFalse();
            assertThat(verdict.reason()).isEqualTo("$or branch {phone: eq}: reads every document: no index starts with phone");
        }

        @Test
        void orBranchesMergeInTheSortOrder() {
            IndexDefinition statusUpdated = index("{name: 'status_updated', key: {status: 1, updatedAt: 1}}");
            String claimable = "{$or: [{status: 'PENDING'}, {status: 'WAITING', resumeAt: {$lte: 5}}]}";
            assertThat(find(claimable, "{updatedAt: 1}", statusUpdated).served()).isTrue();
            assertThat(find(claimable, "{updatedAt: 1}", index("{name: 's', key: {status: 1}}")).reason())
                    .startsWith("$or branch {status: eq}: sorts in memory");
        }

        @Test
        void anOrBesideAnIndexedEqualityIsServedByThatIndex() {
            assertThat(find("{ownerId: 'ada', $or: [{a: 1}, {b: 2}]}", null, OWNER_UPDATED).served()).isTrue();
        }

        @Test
        void orBranchesTakeTheConditionsBesideTheOr() {
            IndexDefinition teamOwner = index("{name: 'team_owner', key: {teamId: 1, ownerId: 1}}");
            assertThat(find("{teamId: 't', $or: [{ownerId: 'ada'}, {ownerId: 'bob'}]}", null, teamOwner).served()).isTrue();
        }
    }

    @Nested
    class Operators {

        private final IndexDefinition name = index("{name: 'name', key: {name: 1}}");

        @Test
        void anAnchoredCaseSensitiveRegexIsARange() {
            assertThat(find("{name: {$regex: '^Ada'}}", null, name).served()).isTrue();
            assertThat(find("{name: /^ada/}", null, name).served()).isTrue();
        }

        @Test
        void anUnanchoredOrCaseInsensitiveRegexScans() {
            assertThat(find("{name: {$regex: 'Ada'}}", null, name).served()).isFalse();
            assertThat(find("{name: {$regex: '^Ada', $options: 'i'}}", null, name).served()).isFalse();
            assertThat(find("{name: /^.*ada/}", null, name).served()).isFalse();
        }

        @Test
        void negationsScanTheIndex() {
            assertThat(find("{name: {$ne: 'Ada'}}", null, name).served()).isFalse();
            assertThat(find("{name: {$nin: ['Ada']}}", null, name).served()).isFalse();
        }

        @Test
        void existsTrueBoundsOnlyASparseIndex() {
            assertThat(find("{name: {$exists: true}}", null, name).served()).isFalse();
            assertThat(find("{name: {$exists: true}}", null, index("{name: 's', key: {name: 1}, sparse: true}")).served()).isTrue();
        }

        @Test
        void existsFalseAndNullAreEqualities() {
            IndexDefinition deleted = index("{name: 'deleted', key: {deletedAt: 1, name: 1}}");
            assertThat(find("{deletedAt: null}", "{name: 1}", deleted).served()).isTrue();
            assertThat(find("{deletedAt: {$exists: false}}", "{name: 1}", deleted).served()).isTrue();
        }

        @Test
        void aSparseIndexCannotAnswerAQueryMatchingMissingFields() {
            IndexDefinition sparse = index("{name: 's', key: {deletedAt: 1}, sparse: true}");
            assertThat(find("{deletedAt: null}", null, sparse).served()).isFalse();
        }

        @Test
        void elemMatchConstrainsTheDottedPaths() {
            IndexDefinition contact = index("{name: 'contact', key: {'contacts.contactId': 1}}");
            assertThat(find("{contacts: {$elemMatch: {contactId: 'c1', role: 'buyer'}}}", null, contact).served()).isTrue();
        }

        @Test
        void exprIsOpaque() {
            assertThat(find("{$expr: {$eq: ['$name', 'Ada']}}", null, name).served()).isFalse();
        }

        @Test
        void aPartialIndexServesOnlyQueriesImplyingItsFilter() {
            IndexDefinition pending = index("{name: 'pending', key: {'outbox.occurredAt': 1}, partialFilterExpression: {'outbox.0': {$exists: true}}}");
            assertThat(find("{'outbox.occurredAt': {$lt: 5}}", null, pending).served()).isFalse();
            assertThat(find("{'outbox.0': {$exists: true}, 'outbox.occurredAt': {$lt: 5}}", null, pending).served()).isTrue();
        }

        @Test
        void aHashedKeyServesEqualityButNotRangesOrSorts() {
            IndexDefinition hashed = index("{name: 'h', key: {name: 'hashed'}}");
            assertThat(find("{name: 'Ada'}", null, hashed).served()).isTrue();
            assertThat(find("{name: {$gt: 'A'}}", null, hashed).served()).isFalse();
            assertThat(find("{}", "{name: 1}", hashed).served()).isFalse();
        }
    }

    @Nested
    class SortDirection {

        private final IndexDefinition mixed = index("{name: 'mixed', key: {a: 1, b: -1}}");

        @Test
        void theIndexOrderOrItsExactReverseServes() {
            assertThat(find("{}", "{a: 1, b: -1}", mixed).served()).isTrue();
            assertThat(find("{}", "{a: -1, b: 1}", mixed).served()).isTrue();
        }

        @Test
        void aMixedReversalSortsInMemory() {
            assertThat(find("{}", "{a: 1, b: 1}", mixed).served()).isFalse();
            assertThat(find("{a: {$gt: 1}}", "{a: -1, b: -1}", mixed).reason()).startsWith("sorts in memory");
        }
    }

    @Nested
    class Id {

        @Test
        void anIdEqualityIsAlwaysServed() {
            assertThat(find("{_id: 'x', deletedAt: null, name: {$regex: 'a'}}", "{name: 1}").served()).isTrue();
            assertThat(find("{_id: {$in: ['x', 'y']}}", null).served()).isTrue();
        }

        @Test
        void anIdRangeAndAnIdOrderAreServedByTheIdIndex() {
            assertThat(find("{_id: {$gt: 'x'}}", "{_id: 1}").served()).isTrue();
            assertThat(find("{}", "{_id: -1}").served()).isTrue();
        }
    }

    @Nested
    class EmbeddedStore {

        private boolean embedded(String filter, IndexDefinition... indexes) {
            QueryShape shape = CommandShapes.of("find", BsonDocument.parse("{find: 'c', filter: " + filter + "}")).getFirst().shape();
            return IndexMatcher.embeddedServes(shape, Arrays.asList(indexes));
        }

        @Test
        void answersOnlyExactlyTheFieldsOfIdOrAUniqueIndex() {
            IndexDefinition idLive = index("{name: 'id_live', key: {_id: 1, deletedAt: 1}, unique: true}");
            assertThat(embedded("{_id: 'x'}")).isTrue();
            assertThat(embedded("{_id: {$in: ['x', 'y']}}")).isTrue();
            assertThat(embedded("{_id: 'x', deletedAt: null}")).isFalse();
            assertThat(embedded("{_id: 'x', deletedAt: null}", idLive)).isTrue();
            assertThat(embedded("{ownerId: 'ada'}", OWNER_UPDATED)).isFalse();
            assertThat(embedded("{_id: {$gt: 'x'}}")).isFalse();
            assertThat(embedded("{tokenHash: 'h'}", index("{name: 'token', key: {tokenHash: 1}, unique: true}"))).isTrue();
        }
    }

    @Test
    void otherCommandsAreReadForTheirFiltersAndSorts() {
        List<CommandShapes.Found> updates = CommandShapes.of("update",
                BsonDocument.parse("{update: 'c', updates: [{q: {_id: 1}, u: {}}, {q: {status: 'x'}, u: {}, multi: true}]}"));
        assertThat(updates).extracting(found -> found.shape().render())
                .containsExactly("update {_id: eq}", "update {status: eq}");
        assertThat(CommandShapes.of("findAndModify", BsonDocument.parse("{findAndModify: 'c', query: {a: 1}, sort: {b: -1}}"))
                .getFirst().shape().render()).isEqualTo("findAndModify {a: eq} sort {b: -1}");
        assertThat(CommandShapes.of("aggregate", BsonDocument.parse(
                "{aggregate: 'c', pipeline: [{$match: {a: {$in: [1, 2]}, b: {$gte: 3}}}, {$sort: {c: 1}}, {$group: {_id: '$a'}}]}"))
                .getFirst().shape().render()).isEqualTo("aggregate {a: in, b: range} sort {c: 1}");
        QueryShape count = CommandShapes.of("count", BsonDocument.parse("{count: 'c'}")).getFirst().shape();
        assertThat(IndexMatcher.judge(count, List.of()).served()).isTrue();
        QueryShape distinct = CommandShapes.of("distinct", BsonDocument.parse("{distinct: 'c', key: 'tag'}")).getFirst().shape();
        assertThat(IndexMatcher.judge(distinct, List.of()).served()).isFalse();
        assertThat(IndexMatcher.judge(distinct, List.of(index("{name: 'tag', key: {tag: 1}}"))).served()).isTrue();
    }

    @Test
    void shapesDropValuesAndOrderFieldsByName() {
        QueryShape a = CommandShapes.of("find", BsonDocument.parse("{find: 'c', filter: {b: 1, a: {$in: [1, 2]}}}")).getFirst().shape();
        QueryShape b = CommandShapes.of("find", BsonDocument.parse("{find: 'c', filter: {a: {$in: [3, 4]}, b: 'x'}}")).getFirst().shape();
        assertThat(a.render()).isEqualTo("find {a: in, b: eq}").isEqualTo(b.render());
    }

    @Test
    void aSingleBranchOrIsItsConditions() {
        assertThat(CommandShapes.of("find", BsonDocument.parse("{find: 'c', filter: {a: 1, $or: [{b: 2, _id: {$gt: 3}}]}}"))
                .getFirst().shape().render()).isEqualTo("find {_id: range, a: eq, b: eq}");
    }

    @Test
    void theSuggestedIndexFollowsEqualitySortRange() {
        QueryShape shape = CommandShapes.of("find", BsonDocument.parse(
                "{find: 'c', filter: {amount: {$gt: 1}, ownerId: 'a', stage: {$in: ['x', 'y']}}, sort: {updatedAt: -1, _id: -1}}"))
                .getFirst().shape();
        assertThat(IndexCheckReport.suggestedKeys(shape)).isEqualTo("ownerId: 1, stage: 1, updatedAt: -1, _id: -1, amount: 1");
    }
}
