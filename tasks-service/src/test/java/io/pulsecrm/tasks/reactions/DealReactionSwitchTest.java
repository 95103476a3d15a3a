package io.pulsecrm.tasks.reactions;

import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Clock;
import java.util.Map;

import io.pulsecrm.platform.events.EventJson;
import io.pulsecrm.platform.test.TestEvents;
import io.pulsecrm.tasks.tasks.TasksProperties;
import org.junit.jupiter.api.Test;

/** With pulse.tasks.close-open-tasks-on-deal-closed=false a won deal touches nothing (no store, no claim). */
class DealReactionSwitchTest {

    @Test
    void closingTasksOnClosedDealsCanBeSwitchedOff() {
        TasksProperties off = new TasksProperties(3, "UTC", Map.of(), false,
                new TasksProperties.Timers(java.time.Duration.ofSeconds(1), 500),
                new TasksProperties.Calendar(java.time.Duration.ofDays(30), java.time.Duration.ofMinutes(15)));
        // no store, queries or consumer: any use of them would fail this test
        var reactions = new RelatedRecordReactions(null, null, null, off, Clock.systemUTC());

        String won = EventJson.write(TestEvents.event("pulse.deal.won.v1", "/pulse/deals-service", "deal-1", Map.of()));
        assertThatCode(() -> reactions.onDealEvent(won)).doesNotThrowAnyException();
    }
}
