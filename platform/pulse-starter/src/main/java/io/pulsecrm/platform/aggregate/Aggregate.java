package io.pulsecrm.platform.aggregate;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares an aggregate type and the topic its events go to. One topic per aggregate type, keyed by
 * aggregate id, keeps each aggregate's events in order.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Aggregate {

    /** Lower-case aggregate type name, e.g. {@code contact}. */
    String type();

    /** Topic of this aggregate's events, e.g. {@code pulse.contacts.contact.v1}. */
    String topic();

    /**
     * Fields left out of the record's change history: values derived from others (search keys) or too
     * noisy to be worth a line. Platform bookkeeping (version, outbox, timestamps) is always left out.
     */
    String[] historyIgnores() default {};
}
