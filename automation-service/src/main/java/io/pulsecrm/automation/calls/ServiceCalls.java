package io.pulsecrm.automation.calls;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.pulsecrm.automation.AutomationProperties;
import io.pulsecrm.platform.outbound.GuardedHttpClients;
import io.pulsecrm.platform.outbound.TargetGuard;
import io.pulsecrm.platform.outbound.TargetRefusedException;
import io.pulsecrm.platform.web.CorrelationIdFilter;
import io.pulsecrm.platform.web.IdempotencyKeyFilter;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * Calls to contacts-, deals- and tasks-service and to webhook targets. Services are called as the OAuth2 client
 * {@code pulse-automation} (client credentials; Spring Security fetches and caches the token). Every call names
 * its step ({@code Idempotency-Key}, so a retried step is applied once) and the trigger event
 * ({@code X-Causation-Id}, so the events the call causes carry it and loops can be told). Outages are retried with
 * exponential backoff and counted by a circuit breaker per service (Resilience4j); refusals (4xx) are not retried.
 */
@Component
public class ServiceCalls {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    public static final String MERGE_PATCH = "application/merge-patch+json";

    private final Map<Target, ServiceInstances> instances = new EnumMap<>(Target.class);
    private final RestClient services;
    private final RestClient webhooks;
    private final RetryConfig retryConfig;
    private final CircuitBreakerRegistry breakers;
    private final TargetGuard guard;

    ServiceCalls(AutomationProperties properties, OAuth2AuthorizedClientManager clients, TargetGuard guard) {
        AutomationProperties.Calls calls = properties.calls();
        Clock clock = Clock.systemUTC();
        instances.put(Target.CONTACTS, new ServiceInstances(properties.services().contacts(), calls.instanceCoolDown(), clock));
        instances.put(Target.DEALS, new ServiceInstances(properties.services().deals(), calls.instanceCoolDown(), clock));
        instances.put(Target.TASKS, new ServiceInstances(properties.services().tasks(), calls.instanceCoolDown(), clock));
        HttpClient http = HttpClient.newBuilder().connectTimeout(calls.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
        factory.setReadTimeout(calls.readTimeout());
        OAuth2ClientHttpRequestInterceptor oauth = new OAuth2ClientHttpRequestInterceptor(clients);
        String registration = properties.services().clientRegistration();
        oauth.setClientRegistrationIdResolver(request -> registration);
        // calls happen on background threads without a user: the service itself is the principal
        var self = new AnonymousAuthenticationToken("automation", registration,
                AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
        oauth.setPrincipalResolver(request -> self);
        this.services = RestClient.builder().requestFactory(factory).requestInterceptor(oauth).build();
        // user-supplied URLs: connected only to addresses the platform's SSRF guard checked, never redirected
        this.webhooks = RestClient.builder().requestFactory(GuardedHttpClients.requestFactory(guard,
                calls.connectTimeout(), calls.readTimeout())).build();
        this.guard = guard;
        this.retryConfig = RetryConfig.custom()
                .maxAttempts(calls.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(calls.initialBackoff(), calls.multiplier(),
                        calls.maxBackoff()))
                .retryExceptions(TransientCallException.class, CallNotPermittedException.class)
                .build();
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(calls.failureRateThreshold())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(calls.slidingWindowSize())
                .minimumNumberOfCalls(calls.minimumCalls())
                .waitDurationInOpenState(calls.openDuration())
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordExceptions(TransientCallException.class)
                .build());
    }

    /** Headers every call of a step carries. */
    public static Map<String, String> stepHeaders(String idempotencyKey, String causationId) {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put(IdempotencyKeyFilter.HEADER, idempotencyKey);
        if (causationId != null) {
            headers.put(CorrelationIdFilter.CAUSATION_HEADER, causationId);
        }
        return headers;
    }

    /**
     * Runs {@code attempt} until it returns, retrying outages ({@link TransientCallException}) with backoff under the
     * breaker named {@code breaker}.
     *
     * @throws CallFailedException when the retries are used up or the breaker stays open
     */
    public <T> T resilient(String breaker, Supplier<T> attempt) {
        AtomicInteger attempts = new AtomicInteger();
        CircuitBreaker circuit = breakers.circuitBreaker(breaker);
        Supplier<T> counted = () -> {
            attempts.incrementAndGet();
            return attempt.get();
        };
        try {
            return Retry.of(breaker, retryConfig).executeSupplier(CircuitBreaker.decorateSupplier(circuit, counted));
        } catch (TransientCallException e) {
            throw new CallFailedException(e.getMessage() + " (after " + attempts.get() + " attempts)", false, attempts.get(), e);
        } catch (CallNotPermittedException e) {
            throw new CallFailedException(breaker + " is unavailable: circuit breaker open (after " + attempts.get()
                    + " attempts)", false, attempts.get(), e);
        }
    }

    /**
     * One call of a service, to one of its instances; outages throw {@link TransientCallException} (and send the next
     * calls to another instance, when there is one), any answer is returned.
     */
    public Reply call(Target target, HttpMethod method, String path, JsonNode body, String contentType,
                      Map<String, String> headers) {
        ServiceInstances service = instances.get(target);
        URI instance = service.pick();
        try {
            return exchange(services, URI.create(instance.toString().replaceAll("/+$", "") + path), method,
                    body, contentType, headers, target.breakerName());
        } catch (TransientCallException e) {
            service.failed(instance);
            throw e;
        }
    }

    /** One POST of a webhook action; outages throw {@link TransientCallException}. */
    public Reply webhook(URI url, JsonNode payload, Map<String, String> headers) {
        String refusal = guard.refusal(url.toString());
        if (refusal != null) {
            throw new CallFailedException("webhook target " + url.getHost() + " " + refusal, true, 0, null);
        }
        return exchange(webhooks, url, HttpMethod.POST, payload, MediaType.APPLICATION_JSON_VALUE, headers, url.getHost());
    }

    private Reply exchange(RestClient client, URI uri, HttpMethod method, JsonNode body, String contentType,
                           Map<String, String> headers, String what) {
        Reply reply;
        try {
            RestClient.RequestBodySpec request = client.method(method).uri(uri).accept(MediaType.APPLICATION_JSON,
                    MediaType.APPLICATION_PROBLEM_JSON);
            headers.forEach(request::header);
            if (body != null) {
                request.contentType(MediaType.parseMediaType(contentType)).body(JSON.writeValueAsString(body));
            }
            reply = request.exchange((req, response) -> {
                byte[] bytes = response.getBody().readAllBytes();
                JsonNode json = MissingNode.getInstance();
                if (bytes.length > 0) {
                    try {
                        json = JSON.readTree(bytes);
                    } catch (RuntimeException notJson) {
                        json = MissingNode.getInstance();
                    }
                }
                return new Reply(response.getStatusCode().value(), response.getHeaders().getETag(), json,
                        "true".equals(response.getHeaders().getFirst(IdempotencyKeyFilter.REPLAYED_HEADER)));
            });
        } catch (RuntimeException e) {
            if (causedBy(e, TargetRefusedException.class)) {
                // the name moved to a refused address after the check above: a refusal, not an outage
                throw new CallFailedException("webhook target " + what + " refused by the SSRF guard", true, 0, e);
            }
            // connection refused, timeout, token endpoint down: an outage, worth retrying
            throw new TransientCallException(what + " unreachable: " + e.getMessage(), e);
        }
        int status = reply.status();
        if (status >= 500 || status == 429 || status == 408 || status == 409
                && reply.body().path("type").asString("").endsWith("idempotency-key-in-flight")) {
            throw new TransientCallException(what + " answered " + reply.problem());
        }
        return reply;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
