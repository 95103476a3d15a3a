package io.pulsecrm.notification.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.pulsecrm.notification.push.RecordAudience;
import io.pulsecrm.notification.push.RecordChange;
import io.pulsecrm.notification.push.RecordHint;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.identity.Caller;
import io.pulsecrm.platform.identity.Role;
import io.pulsecrm.platform.security.OwnerScope;
import io.pulsecrm.platform.test.TestEvents;
import org.junit.jupiter.api.Test;

/** How each kind of domain event becomes a hint and its audience; pure, no broker or store needed. */
class RecordChangesTest {

    private final RecordChanges changes = new RecordChanges(1000);

    private static final Caller ADA = Caller.user("ada", Role.REP, "east");
    private static final OwnerScope ADAS = OwnerScope.of(Set.of("ada"));
    private static final Caller BOB = Caller.user("bob", Role.REP, "east");
    private static final OwnerScope BOBS = OwnerScope.of(Set.of("bob"));
    private static final Caller MARIA = Caller.user("maria", Role.MANAGER, "east");
    private static final OwnerScope EAST = OwnerScope.of(Set.of("maria", "ada", "bob"));
    private static final Caller ALEX = Caller.user("alex", Role.ADMIN, null);

    @Test
    void aContactIsSeenByWhoseScopeHoldsItsOwnerAndAfterAChangeOfOwnerByBoth() {
        RecordChange change = of(event("pulse.contact.updated.v1", "c-1", 4, Map.of(
                "contact", Map.of("id", "c-1", "firstName", "Ada", "ownerId", "ada", "companyId", "co-1"),
                "changes", Map.of("jobTitle", Map.of("from", "A", "to", "B")))));

        assertThat(change.hint()).isEqualTo(new RecordHint("contact", "c-1", 4L, List.of(new RecordHint.Ref("company", "co-1"))));
        assertThat(change.audience().visibleTo(ADA, ADAS)).isTrue();
        assertThat(change.audience().visibleTo(MARIA, EAST)).isTrue();
        assertThat(change.audience().visibleTo(ALEX, OwnerScope.all())).isTrue();
        assertThat(change.audience().visibleTo(BOB, BOBS)).as("another rep").isFalse();

        RecordChange handedOver = of(event("pulse.contact.updated.v1", "c-1", 5, Map.of(
                "contact", Map.of("id", "c-1", "firstName", "Ada", "ownerId", "bob"),
                "changes", Map.of("ownerId", Map.of("from", "ada", "to", "bob")))));
        assertThat(handedOver.audience().owners()).containsExactlyInAnyOrder("ada", "bob");
        assertThat(handedOver.audience().visibleTo(ADA, ADAS)).as("the previous owner").isTrue();
        assertThat(handedOver.audience().visibleTo(BOB, BOBS)).isTrue();
    }

    @Test
    void aRecordWithoutOwnerIsSeenByEveryoneAndPipelinesToo() {
        RecordChange pool = of(event("pulse.company.created.v1", "co-9", 1, Map.of(
                "company", Map.of("id", "co-9", "name", "Lead Ltd"))));
        assertThat(pool.audience().anyone()).isTrue();
        assertThat(pool.audience().visibleTo(BOB, BOBS)).isTrue();

        RecordChange pipeline = of(event("pulse.pipeline.updated.v1", "p-1", 7, Map.of("change", "stage_added")));
        assertThat(pipeline.hint()).isEqualTo(new RecordHint("pipeline", "p-1", 7L, List.of()));
        assertThat(pipeline.audience().visibleTo(BOB, BOBS)).isTrue();
    }

    @Test
    void aDeletionNamesNoOwnerSoTheOwnerLastSeenDecidesAndAnUnknownOneOnlyReachesWhoSeesAll() {
        of(event("pulse.deal.created.v1", "d-1", 1, Map.of("deal", Map.of("id", "d-1", "ownerId", "ada", "contacts", List.of()))));

        RecordChange deleted = of(event("pulse.deal.deleted.v1", "d-1", 2, Map.of("dealId", "d-1", "pipelineId", "p",
                "stageId", "s", "deletedAt", "2026-12-01T10:00:00Z")));
        assertThat(deleted.hint().type()).isEqualTo("deal");
        assertThat(deleted.audience().visibleTo(ADA, ADAS)).isTrue();
        assertThat(deleted.audience().visibleTo(BOB, BOBS)).isFalse();

        RecordChange unknown = of(event("pulse.contact.deleted.v1", "never-seen", 3, Map.of("contactId", "never-seen",
                "deletedAt", "2026-12-01T10:00:00Z")));
        assertThat(unknown.audience().visibleTo(ADA, ADAS)).isFalse();
        assertThat(unknown.audience().visibleTo(MARIA, EAST)).isFalse();
        assertThat(unknown.audience().visibleTo(ALEX, OwnerScope.all())).isTrue();
    }

    @Test
    void aTaskIsSeenThroughItsAssigneeItsPreviousAssigneeAndItsCreatorAndNamesItsRecords() {
        Map<String, Object> task = new HashMap<>(Map.of("id", "t-1", "assigneeId", "bob", "creatorId", "maria",
                "contactId", "c-1", "dealId", "d-1"));
        RecordChange assigned = of(event("pulse.task.assigned.v1", "t-1", 3, Map.of("task", task,
                "previousAssigneeId", "ada", "assigneeId", "bob")));

        assertThat(assigned.hint().related()).containsExactly(new RecordHint.Ref("contact", "c-1"), new RecordHint.Ref("deal", "d-1"));
        assertThat(assigned.audience().visibleTo(BOB, BOBS)).isTrue();
        assertThat(assigned.audience().visibleTo(ADA, ADAS)).as("the previous assignee").isTrue();
        Caller cleo = Caller.user("cleo", Role.REP, "west");
        assertThat(assigned.audience().visibleTo(cleo, OwnerScope.of(Set.of("cleo")))).isFalse();
        Caller wes = Caller.user("wes", Role.MANAGER, "west");
        assertThat(new RecordAudience(false, Set.of("bob"), Set.of("wes")).visibleTo(wes, OwnerScope.of(Set.of("wes", "cleo"))))
                .as("a creator outside the team").isTrue();
        assertThat(assigned.audience().users()).containsExactly("maria");

        task.remove("assigneeId");
        RecordChange pooled = of(event("pulse.task.updated.v1", "t-1", 4, Map.of("task", task, "changes", Map.of())));
        assertThat(pooled.audience().visibleTo(cleo, OwnerScope.of(Set.of("cleo")))).as("unassigned: the shared pool").isTrue();
    }

    @Test
    void anActivityIsAChangeOfItsContactsTimelineSeenByWhoSeesTheContact() {
        of(event("pulse.contact.created.v1", "c-7", 1, Map.of("contact", Map.of("id", "c-7", "firstName", "Cy", "ownerId", "ada"))));

        RecordChange logged = of(event("pulse.activity.logged.v1", "a-1", 1, Map.of("activity", Map.of("id", "a-1",
                "type", "call", "contactId", "c-7", "companyId", "co-7"))));
        assertThat(logged.hint()).isEqualTo(new RecordHint("activity", "a-1", 1L,
                List.of(new RecordHint.Ref("contact", "c-7"), new RecordHint.Ref("company", "co-7"))));
        assertThat(logged.audience().visibleTo(ADA, ADAS)).isTrue();
        assertThat(logged.audience().visibleTo(BOB, BOBS)).isFalse();
    }

    @Test
    void eventsOfOtherAggregatesAreNotHinted() {
        assertThat(changes.of(event("pulse.automation.notification_requested.v1", "r-1", 1, Map.of()))).isEmpty();
    }

    private RecordChange of(EventEnvelope event) {
        return changes.of(event).orElseThrow();
    }

    private static EventEnvelope event(String type, String subject, long version, Map<String, ?> data) {
        return TestEvents.event(type, "/pulse/test", subject, Instant.now(), version, data);
    }
}
