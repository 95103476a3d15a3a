package io.pulsecrm.platform.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class a real Kafka broker and a real MongoDB endpoint, started once per test JVM and shared:
 * <ul>
 *   <li>{@code PULSE_TEST_KAFKA_BOOTSTRAP} / {@code PULSE_TEST_MONGODB_URI} point at external instances;</li>
 *   <li>otherwise Testcontainers (apache/kafka, mongo) when a Docker engine answers;</li>
 *   <li>otherwise the embedded KRaft broker and the embedded MongoDB wire-protocol store.</li>
 * </ul>
 * {@code PULSE_TEST_INFRA=embedded|containers} forces a choice. Spring Boot tests see the endpoints through
 * {@code spring.kafka.bootstrap-servers} and {@code spring.mongodb.uri}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PulseInfrastructureExtension.class)
public @interface PulseInfrastructure {
}
