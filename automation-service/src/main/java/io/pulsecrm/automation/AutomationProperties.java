package io.pulsecrm.automation;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of automation-service ({@code pulse.automation}).
 *
 * @param maxChainDepth   runs caused by automation's own effects nest at most this deep; a deeper run is recorded as
 *                        stopped and does nothing (the loop guard)
 * @param topicPartitions partitions of automation's own topic
 * @param services        where the services that rules act through are
 * @param calls           retry, timeouts and circuit breaker of those calls
 * @param runs            the run executor and the job that resumes waiting runs
 * @param schedules       time triggers (dates and cron schedules)
 */
@ConfigurationProperties("pulse.automation")
public record AutomationProperties(@DefaultValue("5") int maxChainDepth,
                                   @DefaultValue("3") int topicPartitions,
                                   @DefaultValue Services services,
                                   @DefaultValue Calls calls,
                                   @DefaultValue Runs runs,
                                   @DefaultValue Schedules schedules) {

    /**
     * Each service's base URL: one (a Kubernetes Service, which balances itself), or a comma-separated list of its
     * instances, over which calls go in turn (see {@code calls.ServiceInstances}).
     *
     * @param contacts base URL(s) of contacts-service (contacts, companies)
     * @param deals    base URL(s) of deals-service
     * @param tasks    base URL(s) of tasks-service
     * @param clientRegistration the Spring Security OAuth2 client registration automation calls them as
     */
    public record Services(@DefaultValue("http://127.0.0.1:8081") List<URI> contacts,
                           @DefaultValue("http://127.0.0.1:8082") List<URI> deals,
                           @DefaultValue("http://127.0.0.1:8083") List<URI> tasks,
                           @DefaultValue("pulse-automation") String clientRegistration) {
    }

    /**
     * @param maxAttempts          attempts of one call (the first included) before its step fails
     * @param initialBackoff       wait before the second attempt, multiplied for each further one
     * @param multiplier           backoff growth
     * @param maxBackoff           cap of one wait
     * @param connectTimeout       TCP connect timeout
     * @param readTimeout          time the called service has to answer
     * @param failureRateThreshold per service: failure rate (%) that opens its circuit breaker
     * @param slidingWindowSize    per service: calls the breaker's (count) window holds
     * @param minimumCalls         per service: calls before the rate counts
     * @param openDuration         per service: how long an open breaker refuses calls before a trial
     * @param instanceCoolDown     of a service given as several instances: how long one whose call just failed with an
     *                             outage is passed over, so that the retry goes to another
     */
    public record Calls(@DefaultValue("4") int maxAttempts,
                        @DefaultValue("500ms") Duration initialBackoff,
                        @DefaultValue("2.0") double multiplier,
                        @DefaultValue("10s") Duration maxBackoff,
                        @DefaultValue("3s") Duration connectTimeout,
                        @DefaultValue("10s") Duration readTimeout,
                        @DefaultValue("50") int failureRateThreshold,
                        @DefaultValue("20") int slidingWindowSize,
                        @DefaultValue("10") int minimumCalls,
                        @DefaultValue("30s") Duration openDuration,
                        @DefaultValue("5s") Duration instanceCoolDown) {
    }

    /**
     * @param pollInterval    how often one replica looks for runs to resume (waits that came due, runs a crashed
     *                        replica left behind); also the longest a due wait is late
     * @param lease           a replica working on a run holds it this long (renewed at every step); a replica that
     *                        dies mid-run leaves it to another after this
     * @param batchSize       runs claimed per poll at most
     * @param maxConcurrent   runs executed at once per replica
     * @param waitCheckEvery  default re-check interval of wait_until steps
     */
    public record Runs(@DefaultValue("1s") Duration pollInterval,
                       @DefaultValue("2m") Duration lease,
                       @DefaultValue("100") int batchSize,
                       @DefaultValue("16") int maxConcurrent,
                       @DefaultValue("5m") Duration waitCheckEvery) {
    }

    /**
     * @param pollInterval how often one replica (lease {@code automation-time-triggers}) fires due time triggers;
     *                     also how late a date trigger or cron tick may fire
     * @param maxLateness  after downtime, moments further back than this are not fired any more
     */
    public record Schedules(@DefaultValue("30s") Duration pollInterval,
                            @DefaultValue("1d") Duration maxLateness) {
    }
}
