package io.pulsecrm.platform.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bounds on what one request may ask of a component, whatever the operation, so that neither the work nor the
 * answer grows with a hostile input. Operations have tighter limits of their own where the domain has one
 * (a contact's tags, a deal's contacts); these are the ceiling for every JSON body.
 *
 * @param maxArrayItems      a JSON array with more elements is refused (400) before it is bound
 * @param maxObjectMembers   a JSON object with more members is refused (400)
 * @param maxDepth           objects and arrays nested deeper are refused (400)
 * @param maxReportedErrors  a 400 lists at most this many field problems (and says how many there were)
 */
@ConfigurationProperties("pulse.web.requests")
public record RequestLimits(
        @DefaultValue("1000") int maxArrayItems,
        @DefaultValue("1000") int maxObjectMembers,
        @DefaultValue("32") int maxDepth,
        @DefaultValue("20") int maxReportedErrors) {

    public RequestLimits {
        if (maxArrayItems < 1 || maxObjectMembers < 1 || maxDepth < 2 || maxReportedErrors < 1) {
            throw new IllegalArgumentException("pulse.web.requests.* limits must be positive (max-depth at least 2)");
        }
    }

    public static RequestLimits defaults() {
        return new RequestLimits(1000, 1000, 32, 20);
    }
}
