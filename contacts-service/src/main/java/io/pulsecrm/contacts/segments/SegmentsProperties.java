package io.pulsecrm.contacts.segments;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Saved segments ({@code pulse.contacts.segments}).
 *
 * @param maxPerOwner segments one member may own: a bound on what each list of segments has to go through
 */
@ConfigurationProperties("pulse.contacts.segments")
public record SegmentsProperties(@DefaultValue("200") int maxPerOwner) {
}
