package io.pulsecrm.platform.outbound;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Calls to URLs users supply (webhook subscriptions, automation webhook actions).
 *
 * @param allowLoopback also allow targets on this host (127.0.0.0/8, ::1): for demos and tests on one machine,
 *                      never in production. Every other special-purpose address stays refused.
 */
@ConfigurationProperties("pulse.outbound")
public record OutboundProperties(@DefaultValue("false") boolean allowLoopback) {
}
