package io.pulsecrm.automation.conditions;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The field operators of conditions, by their names in rule JSON. */
public enum Operator {
    EQUALS, NOT_EQUALS, GT, GTE, LT, LTE, CONTAINS, NOT_CONTAINS, IN, NOT_IN, IS_EMPTY, IS_NOT_EMPTY,
    /** The event really changed the field (any old and new value). */
    CHANGED,
    /** The event changed the field away from the value. */
    CHANGED_FROM,
    /** The event changed the field to the value. */
    CHANGED_TO;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Operator> fromWire(String value) {
        return Arrays.stream(values()).filter(op -> op.wire().equals(value)).findFirst();
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(Operator::wire).toList();
    }

    /** Operators that compare with no value. */
    public boolean takesValue() {
        return this != IS_EMPTY && this != IS_NOT_EMPTY && this != CHANGED;
    }

    public boolean takesList() {
        return this == IN || this == NOT_IN;
    }

    public boolean orders() {
        return this == GT || this == GTE || this == LT || this == LTE;
    }

    public boolean readsChanges() {
        return this == CHANGED || this == CHANGED_FROM || this == CHANGED_TO;
    }
}
