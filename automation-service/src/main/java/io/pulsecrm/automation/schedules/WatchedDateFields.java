package io.pulsecrm.automation.schedules;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.pulsecrm.automation.AutomationProperties;
import io.pulsecrm.automation.rules.Rule;
import io.pulsecrm.automation.rules.Rules;
import io.pulsecrm.automation.triggers.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The custom date fields that enabled date rules watch, per record type. Only a non-date value in one of these is
 * worth a warning (most custom fields are not dates at all). Re-read from the rules at most once per
 * {@code schedules.poll-interval} on each replica: a rule created a moment ago may miss one warning, nothing else.
 */
@Component
class WatchedDateFields {

    private static final Logger log = LoggerFactory.getLogger(WatchedDateFields.class);

    private record Cached(Instant until, Map<String, Set<String>> keysByRecord) {
    }

    private final Rules rules;
    private final Clock clock;
    private final AutomationProperties.Schedules properties;
    private volatile Cached cached = new Cached(Instant.MIN, Map.of());

    WatchedDateFields(Rules rules, Clock clock, AutomationProperties properties) {
        this.rules = rules;
        this.clock = clock;
        this.properties = properties.schedules();
    }

    /** Whether an enabled date rule fires on {@code customFields.<key>} of this record type. */
    boolean watches(String recordType, String key) {
        Cached current = cached;
        Instant now = clock.instant();
        if (now.isAfter(current.until())) {
            current = new Cached(now.plus(properties.pollInterval()), read());
            cached = current;
        }
        return current.keysByRecord().getOrDefault(recordType, Set.of()).contains(key);
    }

    private Map<String, Set<String>> read() {
        Map<String, Set<String>> keys = new HashMap<>();
        for (Rule rule : rules.timeTriggered()) {
            try {
                Trigger.Time time = rules.definition(rule).trigger().time();
                String key = Trigger.customKey(time.field());
                if (key != null) {
                    keys.computeIfAbsent(time.record(), type -> new HashSet<>()).add(key);
                }
            } catch (RuntimeException e) {
                log.debug("Rule {} left out of the watched date fields: {}", rule.getId(), e.toString());
            }
        }
        return keys;
    }
}
