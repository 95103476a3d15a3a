package io.pulsecrm.platform.autoconfigure;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.consumer.DeadLetterController;
import io.pulsecrm.platform.consumer.DeadLetterErrorHandlerFactory;
import io.pulsecrm.platform.consumer.DeadLetters;
import io.pulsecrm.platform.consumer.DeadLetterProperties;
import io.pulsecrm.platform.consumer.IdempotentConsumer;
import io.pulsecrm.platform.consumer.ReadModelUpserts;
import io.pulsecrm.platform.context.EventContext;
import io.pulsecrm.platform.health.KafkaHealthIndicator;
import io.pulsecrm.platform.jobs.LeasedJob;
import io.pulsecrm.platform.jobs.LeasedJobs;
import io.pulsecrm.platform.health.MongoDatabaseHealthIndicator;
import io.pulsecrm.platform.outbound.OutboundProperties;
import io.pulsecrm.platform.outbound.TargetGuard;
import io.pulsecrm.platform.outbox.OutboxProperties;
import io.pulsecrm.platform.outbox.OutboxRelay;
import io.pulsecrm.platform.outbox.OutboxSweeper;
import io.pulsecrm.platform.outbox.PendingEventFactory;
import io.pulsecrm.platform.outbox.TraceContinuation;
import io.pulsecrm.platform.aggregate.StoredStateCallback;
import io.pulsecrm.platform.history.RecordHistory;
import io.pulsecrm.platform.web.ApiDocumentation;
import io.pulsecrm.platform.web.CorrelationIdFilter;
import io.pulsecrm.platform.web.IdempotencyKeyFilter;
import io.pulsecrm.platform.web.ProblemDetailsAdvice;
import io.pulsecrm.platform.web.PulseWebAutoConfiguration;
import io.pulsecrm.platform.web.RequestLimits;
import io.pulsecrm.platform.web.RequestBodyLimitFilter;
import io.pulsecrm.platform.web.StoreUnavailable;
import io.pulsecrm.platform.web.WebProperties;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import org.springdoc.core.customizers.OpenApiCustomizer;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import net.javacrumbs.shedlock.provider.mongo.MongoLockProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.health.MongoHealthContributorAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;

/** The mechanics every Pulse service shares, wired once. Services bring only their domain. */
@AutoConfiguration(after = {DataMongoAutoConfiguration.class, KafkaAutoConfiguration.class},
        before = {MongoHealthContributorAutoConfiguration.class, PulseWebAutoConfiguration.class})
@EnableConfigurationProperties({OutboxProperties.class, DeadLetterProperties.class, WebProperties.class,
        RequestLimits.class, OutboundProperties.class})
public class PulsePlatformAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    EventContext eventContext(ObjectProvider<Tracer> tracer) {
        return new EventContext(tracer);
    }

    /** The SSRF guard for every URL a user hands a service to call. */
    @Bean
    TargetGuard targetGuard(OutboundProperties properties) {
        return new TargetGuard(properties);
    }

    @Configuration(proxyBeanMethods = false)
    static class Outbox {

        @Bean
        PendingEventFactory pendingEventFactory(@Value("${spring.application.name}") String serviceName,
                                                EventContext context) {
            return new PendingEventFactory(serviceName, context);
        }

        @Bean
        TraceContinuation traceContinuation(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
            return new TraceContinuation(tracer, propagator);
        }

        @Bean
        OutboxRelay outboxRelay(MongoTemplate mongo, KafkaTemplate<String, String> kafka, TraceContinuation traces,
                                OutboxProperties properties, Clock clock, MeterRegistry meters, RecordHistory history) {
            return new OutboxRelay(mongo, kafka, traces, properties, clock, meters, history);
        }

        @Bean
        RecordHistory recordHistory(MongoTemplate mongo) {
            return new RecordHistory(mongo);
        }

        @Bean
        StoredStateCallback aggregateStoredStateCallback() {
            return new StoredStateCallback();
        }

        @Bean
        AggregateStore aggregateStore(MongoTemplate mongo, PendingEventFactory factory, OutboxRelay relay, Clock clock) {
            return new AggregateStore(mongo, factory, relay, clock);
        }

        @Bean
        @ConditionalOnMissingBean
        LockingTaskExecutor lockingTaskExecutor(MongoTemplate mongo) {
            return new DefaultLockingTaskExecutor(new MongoLockProvider(mongo.getDb()));
        }

        @Bean
        LeasedJobs leasedJobs(LockingTaskExecutor locks, Clock clock) {
            return new LeasedJobs(locks, clock);
        }

        @Bean
        OutboxSweeper outboxSweeper(MongoTemplate mongo, OutboxRelay relay, OutboxProperties properties, Clock clock,
                                    MeterRegistry meters) {
            return new OutboxSweeper(mongo, relay, properties, clock, meters);
        }

        @Bean
        LeasedJob outboxSweepJob(LeasedJobs jobs, OutboxSweeper sweeper, OutboxProperties properties) {
            return jobs.every(properties.sweepInterval(), "outbox-sweep", sweeper::sweepOnce);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Consumers {

        @Bean
        IdempotentConsumer idempotentConsumer(MongoTemplate mongo, EventContext context, Clock clock,
                                              DeadLetterProperties properties, MeterRegistry meters) {
            return new IdempotentConsumer(mongo, context, clock, properties.claimTimeout(),
                    properties.processedRetention(), meters);
        }

        @Bean
        LeasedJob processedEventsCleanupJob(LeasedJobs jobs, IdempotentConsumer consumer, DeadLetterProperties properties) {
            return jobs.every(properties.cleanupInterval(), "processed-events-cleanup", consumer::forgetExpired);
        }

        @Bean
        ReadModelUpserts readModelUpserts(MongoTemplate mongo) {
            return new ReadModelUpserts(mongo);
        }

        @Bean
        io.pulsecrm.platform.assignment.RoundRobin roundRobin(MongoTemplate mongo,
                                                              io.pulsecrm.platform.identity.UserDirectory directory) {
            return new io.pulsecrm.platform.assignment.RoundRobin(mongo, directory);
        }

        @Bean
        @ConditionalOnMissingBean(CommonErrorHandler.class)
        CommonErrorHandler deadLetterErrorHandler(KafkaTemplate<String, String> template,
                                                  DeadLetterProperties properties, MeterRegistry meters) {
            return DeadLetterErrorHandlerFactory.create(template, properties, meters);
        }

        @Bean
        DeadLetters deadLetters(KafkaAdmin admin, KafkaTemplate<String, String> kafka) {
            return new DeadLetters(admin, kafka);
        }

        @Bean
        @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
        DeadLetterController deadLetterController(DeadLetters deadLetters) {
            return new DeadLetterController(deadLetters);
        }

        @Bean(name = "kafka")
        KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin admin) {
            return new KafkaHealthIndicator(admin, Duration.ofSeconds(3));
        }

        /** Replaces Boot's server-wide Mongo check (same name, so the readiness group keeps "mongo"). */
        @Bean(name = "mongoHealthIndicator")
        MongoDatabaseHealthIndicator mongoHealthIndicator(MongoTemplate mongo) {
            return new MongoDatabaseHealthIndicator(mongo);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class Web {

        @Bean
        OpenApiCustomizer pulseApiDocumentation(@Value("${spring.application.name}") String serviceName) {
            return ApiDocumentation.customizer(serviceName);
        }

        /** Declared before the platform's web configuration, which then stands back with its plainer handler. */
        @Bean
        ProblemDetailsAdvice problemDetailsAdvice(RequestLimits limits) {
            return new ProblemDetailsAdvice(limits);
        }

        @Bean
        StoreUnavailable.Advice storeUnavailableAdvice() {
            return new StoreUnavailable.Advice();
        }

        @Bean
        FilterRegistrationBean<StoreUnavailable.Filter> storeUnavailableFilter() {
            var registration = new FilterRegistrationBean<>(new StoreUnavailable.Filter());
            // right after the correlation id, around every filter that reads or writes the store
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 15);
            return registration;
        }

        @Bean
        FilterRegistrationBean<CorrelationIdFilter> correlationIdFilter() {
            var registration = new FilterRegistrationBean<>(new CorrelationIdFilter());
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
            return registration;
        }

        @Bean
        FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(WebProperties properties) {
            var byPath = new java.util.LinkedHashMap<String, Long>();
            if (properties.maxRequestBodyByPath() != null) {
                properties.maxRequestBodyByPath().forEach((path, limit) -> byPath.put(path, limit.toBytes()));
            }
            var registration = new FilterRegistrationBean<>(
                    new RequestBodyLimitFilter(properties.maxRequestBody().toBytes(), byPath));
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
            return registration;
        }

        @Bean
        FilterRegistrationBean<IdempotencyKeyFilter> idempotencyKeyFilter(MongoTemplate mongo, WebProperties properties,
                                                                          Clock clock) {
            var registration = new FilterRegistrationBean<>(new IdempotencyKeyFilter(mongo, properties, clock));
            // after security (which later issues add at order -100) so keys are scoped to an authenticated caller
            registration.setOrder(0);
            return registration;
        }
    }
}
