package io.pulsecrm.platform.events;

import java.util.regex.Pattern;

/** Naming rules shared by every event type and topic. */
public final class EventTypes {

    /** {@code pulse.<aggregate>.<what_happened>.v<N>} */
    private static final Pattern TYPE = Pattern.compile("pulse\\.[a-z][a-z_]*\\.[a-z][a-z_]*\\.v[1-9][0-9]*");
    private static final String SCHEMA_URI_PREFIX = "urn:pulsecrm:schema:";
    private static final String SCHEMA_RESOURCE_PREFIX = "pulse/schemas/";

    private EventTypes() {
    }

    public static String requireValid(String type) {
        if (type == null || !TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("Event type '" + type
                    + "' does not follow pulse.<aggregate>.<what_happened>.v<N>");
        }
        return type;
    }

    /** The {@code dataschema} URI written into every event of this type. */
    public static String schemaUri(String type) {
        return SCHEMA_URI_PREFIX + type;
    }

    /** Classpath location of the JSON Schema for this type's data. */
    public static String schemaResource(String type) {
        return SCHEMA_RESOURCE_PREFIX + type + ".schema.json";
    }

    /** Where records that failed processing end up: {@code <topic>.dlt}. */
    public static String deadLetterTopic(String topic) {
        return topic + ".dlt";
    }
}
