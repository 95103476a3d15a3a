package io.pulsecrm.contacts.customfields;

import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An admin-defined field of an object type. {@code key} is restricted to {@code [a-z][a-zA-Z0-9_]*} so it is safe
 * as a document field name and query path ({@code customFields.<key>}); {@code id} is {@code objectType:key}.
 */
@Document(CustomFieldDefinition.COLLECTION)
// read on every contact or company write: an object type's definitions in key order
@CompoundIndex(name = "object_key", def = "{'objectType': 1, 'key': 1}")
public record CustomFieldDefinition(@Id String id, String objectType, String key, String label, String type,
                                    List<String> options, boolean required, Instant createdAt) {

    public static final String COLLECTION = "custom_field_definitions";
    public static final List<String> OBJECT_TYPES = List.of("contact", "company");
    public static final List<String> TYPES = List.of("text", "number", "money", "date", "select", "multi_select", "boolean", "url");
}
