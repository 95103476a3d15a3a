package io.pulsecrm.platform.events;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the versioned CloudEvents type of a domain event record, e.g. {@code pulse.contact.created.v1}.
 * Within a version only additive changes are allowed; a breaking change is a new type with a new suffix.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface DomainEventType {

    String value();
}
