package io.pulsecrm.contacts.leads;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Protection of the public lead intake ({@code pulse.contacts.leads}).
 *
 * @param rateLimit      submissions allowed per fixed window, counted in the store so the limits hold across replicas
 * @param spam           the spam guard: a honeypot field and a minimum time between rendering the form and submitting it
 * @param trustedProxies addresses or CIDR ranges of proxies (the gateway, a load balancer) whose
 *                       {@code X-Forwarded-For} is believed: the client's address is the last one in that header that
 *                       is not itself a trusted proxy. Requests from other addresses are counted under their own
 *                       address, whatever they claim. Default: the local machine (the all-in-one runner's gateway).
 */
@ConfigurationProperties("pulse.contacts.leads")
public record LeadIntakeProperties(@DefaultValue RateLimit rateLimit,
                                   @DefaultValue Spam spam,
                                   @DefaultValue({"127.0.0.1", "::1"}) List<String> trustedProxies) {

    /**
     * @param window      length of a fixed counting window
     * @param perForm     submissions one form accepts per window, from everyone (a flood against one form)
     * @param perClientIp submissions (and form tokens) one client address may make per window, to any form (IPv6
     *                    addresses count per /64 network, the block a single host can freely pick addresses from)
     */
    public record RateLimit(@DefaultValue("1m") Duration window,
                            @DefaultValue("60") int perForm,
                            @DefaultValue("10") int perClientIp) {
    }

    /**
     * @param honeypot         whether a submission with the honeypot field ({@code website}) filled in is spam
     * @param requireFormToken whether a submission must carry a form token from
     *                         {@code GET /api/public/lead-forms/{id}/form-token}; without one it is spam
     * @param minFillTime      a token younger than this when submitted means a bot filled the form in
     * @param formTokenMaxAge  an older token is spam too (a token harvested once and replayed for days)
     */
    public record Spam(@DefaultValue("true") boolean honeypot,
                       @DefaultValue("true") boolean requireFormToken,
                       @DefaultValue("3s") Duration minFillTime,
                       @DefaultValue("24h") Duration formTokenMaxAge) {
    }
}
