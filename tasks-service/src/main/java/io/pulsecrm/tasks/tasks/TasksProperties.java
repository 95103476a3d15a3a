package io.pulsecrm.tasks.tasks;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param topicPartitions               partitions of the task topic (ordering is per task, so more is fine)
 * @param defaultTimeZone               zone assumed when a task gives a due time without one
 * @param requiredFields                per task type, what must be given to complete it ({@code outcome} = the outcome note)
 * @param closeOpenTasksOnDealClosed    cancel a deal's open tasks when the deal is won or lost
 * @param timers                        the reminder / overdue timer job
 * @param calendar                      the iCalendar feed
 */
@ConfigurationProperties("pulse.tasks")
public record TasksProperties(
        @DefaultValue("3") int topicPartitions,
        @DefaultValue("UTC") String defaultTimeZone,
        Map<String, List<String>> requiredFields,
        @DefaultValue("true") boolean closeOpenTasksOnDealClosed,
        @DefaultValue Timers timers,
        @DefaultValue Calendar calendar) {

    /**
     * @param pollInterval how often one replica looks for due timers (the delay a reminder may have)
     * @param batchSize    timers fired per poll at most; the rest follow on the next poll
     */
    public record Timers(@DefaultValue("1s") Duration pollInterval,
                         @DefaultValue("500") int batchSize) {
    }

    /**
     * @param past               how far back the feed lists tasks
     * @param defaultDuration    event length of tasks without a duration (only meetings have one)
     */
    public record Calendar(@DefaultValue("P30D") Duration past,
                           @DefaultValue("PT15M") Duration defaultDuration) {
    }

    public List<String> requiredFieldsFor(TaskType type) {
        return requiredFields == null ? List.of() : requiredFields.getOrDefault(type.wire(), List.of());
    }
}
