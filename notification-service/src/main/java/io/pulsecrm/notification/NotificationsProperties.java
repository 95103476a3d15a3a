package io.pulsecrm.notification;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of notification-service ({@code pulse.notifications}).
 *
 * @param push     live push over Server-Sent Events
 * @param live     record-change hints on the same stream, so open pages refresh when someone else changes a record
 * @param webhooks partner webhooks
 * @param email    email over SMTP (on when {@code spring.mail.host} is set)
 * @param channels default channels per notification type ({@code in_app}, {@code email}); a type not listed gets
 *                 {@code in_app} only; users override them in their preferences
 */
@ConfigurationProperties("pulse.notifications")
public record NotificationsProperties(@DefaultValue Push push, @DefaultValue Live live, @DefaultValue Webhooks webhooks,
                                      @DefaultValue Email email, Map<String, List<String>> channels) {

    public NotificationsProperties {
        channels = channels == null ? Map.of() : Map.copyOf(channels);
    }

    /**
     * @param from           sender address
     * @param appUrl         base URL of the web app, for {@code {{link}}} in templates
     * @param publicUrl      base URL under which {@code /api/public/**} is reached from a mail client (the gateway),
     *                       for unsubscribe links; empty: {@code appUrl}
     * @param pollInterval   how often the email job (one replica at a time) looks for due emails
     * @param lease          ShedLock lease of one pass at most
     * @param maxAttempts    attempts before an email is given up
     * @param initialBackoff delay before the first retry, doubled for every further one
     * @param maxBackoff     cap of the retry delay
     * @param templates      per notification type, {@code subject} and {@code body} with merge fields
     *                       {@code {{title}} {{body}} {{type}} {{userId}} {{userName}} {{subjectType}} {{subjectId}} {{link}}
     *                       {{data.<key>}}}; types without one use {@code default}
     * @param footer         appended to every email body: {@code {{unsubscribeLink}}} (always present: added if the
     *                       footer leaves it out) and {@code {{preferencesLink}}}
     * @param defaultTimeZone time zone of users who set none, for quiet hours and digest times
     * @param unsubscribeSecret key of the unsubscribe links' signatures (at least 32 characters); empty: a random key
     *                       generated once and kept in the service's store, shared by all replicas
     * @param digest         the daily digest
     */
    public record Email(@DefaultValue("Pulse CRM <notifications@pulsecrm.local>") String from,
                        @DefaultValue("http://localhost:8080") String appUrl,
                        @DefaultValue("") String publicUrl,
                        @DefaultValue("1s") Duration pollInterval,
                        @DefaultValue("60s") Duration lease,
                        @DefaultValue("8") int maxAttempts,
                        @DefaultValue("10s") Duration initialBackoff,
                        @DefaultValue("30m") Duration maxBackoff,
                        Map<String, Template> templates,
                        @DefaultValue(DEFAULT_FOOTER) String footer,
                        @DefaultValue("UTC") String defaultTimeZone,
                        @DefaultValue("") String unsubscribeSecret,
                        @DefaultValue Digest digest) {

        public static final String DEFAULT_FOOTER = "\n--\nYou get this email because of your Pulse CRM notification "
                + "settings.\nUnsubscribe from these emails: {{unsubscribeLink}}\nAll your notification settings: "
                + "{{preferencesLink}}\n";

        public Email {
            templates = templates == null ? Map.of() : Map.copyOf(templates);
            java.time.ZoneId.of(defaultTimeZone); // fails at start-up when misconfigured
        }

        /** Where mail clients reach {@code /api/public/**}. */
        public String publicBaseUrl() {
            return (publicUrl == null || publicUrl.isBlank() ? appUrl : publicUrl).replaceAll("/+$", "");
        }
    }

    /**
     * @param pollInterval how often the digest job (one replica at a time) closes the digests that are due
     * @param lease        how long one replica's claim on a digest (and the job's lease) lasts at most
     * @param maxItems     items listed in one digest at most; further ones are only counted
     * @param subject      merge fields {@code {{count}} {{date}} {{userName}}}
     * @param body         merge fields {@code {{items}} {{count}} {{date}} {{userName}} {{more}}}
     * @param item         one listed item: {@code {{title}} {{body}} {{type}} {{link}} {{time}}} (recipient's local time)
     */
    public record Digest(@DefaultValue("30s") Duration pollInterval,
                         @DefaultValue("60s") Duration lease,
                         @DefaultValue("200") int maxItems,
                         @DefaultValue("Your Pulse CRM digest for {{date}}: {{count}} updates") String subject,
                         @DefaultValue("Hi {{userName}},\n\nhere is what happened since your last digest:\n\n{{items}}{{more}}")
                         String body,
                         @DefaultValue("- {{time}} {{title}}\n  {{body}}\n  {{link}}\n\n") String item) {
    }

    /** An email template: subject and plain-text body with {@code {{merge}}} fields. */
    public record Template(String subject, String body) {
    }

    /**
     * @param pollInterval how often each replica looks in the store for new notifications of its connected users
     * @param overlap      how far back each poll looks (covers insert latency and clock skew between replicas)
     * @param heartbeat    interval of SSE comment lines that keep idle connections (and proxies) open
     * @param streamTimeout how long one SSE connection lives before the client reconnects with Last-Event-ID
     * @param replayLimit  notifications replayed at most after Last-Event-ID
     * @param queryToken   whether the stream (and only the stream) also takes the access token as an
     *                     {@code access_token} query parameter, for EventSource clients that cannot set headers
     */
    public record Push(@DefaultValue("500ms") Duration pollInterval,
                       @DefaultValue("10s") Duration overlap,
                       @DefaultValue("15s") Duration heartbeat,
                       @DefaultValue("30m") Duration streamTimeout,
                       @DefaultValue("500") int replayLimit,
                       @DefaultValue("true") boolean queryToken) {
    }

    /**
     * @param enabled        whether replicas consume the domain topics and push hints at all
     * @param topics         the domain topics whose changes are hinted (each replica reads all of them, with a
     *                       consumer group of its own that starts at the end and never commits)
     * @param ownerCacheSize records whose owner each replica remembers from their events, for the events that do
     *                       not name one (deletions, activities on a contact)
     * @param scopeRefresh   how long a connection's visibility (its viewer's team in the directory) is reused
     */
    public record Live(@DefaultValue("true") boolean enabled,
                       @DefaultValue({"pulse.contacts.contact.v1", "pulse.contacts.company.v1",
                               "pulse.contacts.activity.v1", "pulse.deals.deal.v1", "pulse.deals.pipeline.v1",
                               "pulse.tasks.task.v1"}) List<String> topics,
                       @DefaultValue("100000") int ownerCacheSize,
                       @DefaultValue("5s") Duration scopeRefresh) {
    }

    /**
     * @param topicPattern        topics whose events are offered to subscriptions
     * @param pollInterval        how often the delivery job (one replica at a time) looks for due deliveries
     * @param lease               ShedLock lease of one delivery pass at most
     * @param batchSize           deliveries sent per pass at most
     * @param maxAttempts         attempts before a delivery is given up ({@code failed}); with the default
     *                            backoff, 35 attempts keep retrying for about 26 hours
     * @param initialBackoff      delay before the first retry; doubled for every further retry
     * @param maxBackoff          cap of the computed retry delay
     * @param maxRetryAfter       cap of a delay the receiver asks for with Retry-After (on 429 and 503)
     * @param connectTimeout      HTTP connect timeout
     * @param requestTimeout      HTTP request timeout (the receiver must answer within it)
     * @param secretOverlap       after a secret rotation, how long deliveries are also signed with the previous secret
     * @param pauseAfterConsecutiveFailures failed attempts in a row (across deliveries) that pause a subscription
     * @param endpointFailureRateThreshold  per-endpoint circuit breaker: failure rate (%) that opens it
     * @param endpointSlidingWindowSize     per-endpoint circuit breaker: calls in its (count-based) window
     * @param endpointMinimumCalls          per-endpoint circuit breaker: calls before the rate is evaluated
     * @param endpointOpenDuration          per-endpoint circuit breaker: how long it stays open before a trial call
     * @param endpointMaxConcurrentCalls    per-endpoint bulkhead: concurrent requests to one endpoint at most
     * @param fanoutConcurrency   consumers per replica offering events to subscriptions (they share the partitions)
     */
    public record Webhooks(@DefaultValue("pulse\\.[a-z]+\\.[a-z_]+\\.v[0-9]+") String topicPattern,
                           @DefaultValue("1s") Duration pollInterval,
                           @DefaultValue("60s") Duration lease,
                           @DefaultValue("50") int batchSize,
                           @DefaultValue("35") int maxAttempts,
                           @DefaultValue("5s") Duration initialBackoff,
                           @DefaultValue("1h") Duration maxBackoff,
                           @DefaultValue("6h") Duration maxRetryAfter,
                           @DefaultValue("5s") Duration connectTimeout,
                           @DefaultValue("10s") Duration requestTimeout,
                           @DefaultValue("24h") Duration secretOverlap,
                           @DefaultValue("20") int pauseAfterConsecutiveFailures,
                           @DefaultValue("50") int endpointFailureRateThreshold,
                           @DefaultValue("10") int endpointSlidingWindowSize,
                           @DefaultValue("5") int endpointMinimumCalls,
                           @DefaultValue("30s") Duration endpointOpenDuration,
                           @DefaultValue("5") int endpointMaxConcurrentCalls,
                           @DefaultValue("3") int fanoutConcurrency) {
    }
}
