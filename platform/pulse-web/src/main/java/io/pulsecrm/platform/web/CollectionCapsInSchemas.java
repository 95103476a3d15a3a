package io.pulsecrm.platform.web;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Every array and map in the published schemas states its cap: its own {@code maxItems} / {@code maxProperties}
 * where the operation declares a tighter one, otherwise the ceiling every JSON body is held to
 * ({@link RequestLimits}, enforced by {@link JsonBodyLimits}).
 */
public class CollectionCapsInSchemas implements OpenApiCustomizer {

    private final RequestLimits limits;

    public CollectionCapsInSchemas(RequestLimits limits) {
        this.limits = limits;
    }

    @Override
    public void customise(OpenAPI openApi) {
        Set<Schema<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        if (openApi.getComponents() != null && openApi.getComponents().getSchemas() != null) {
            openApi.getComponents().getSchemas().values().forEach(schema -> cap(schema, seen));
        }
        if (openApi.getPaths() != null) {
            openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
                if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
                    operation.getRequestBody().getContent().values().forEach(media -> cap(media.getSchema(), seen));
                }
                if (operation.getParameters() != null) {
                    operation.getParameters().forEach(parameter -> cap(parameter.getSchema(), seen));
                }
            }));
        }
    }

    private void cap(Schema<?> schema, Set<Schema<?>> seen) {
        if (schema == null || !seen.add(schema)) {
            return;
        }
        if (is(schema, "array")) {
            if (schema.getMaxItems() == null || schema.getMaxItems() > limits.maxArrayItems()) {
                schema.setMaxItems(limits.maxArrayItems());
            }
            cap(schema.getItems(), seen);
        }
        if (schema.getAdditionalProperties() instanceof Schema<?> values) {
            if (schema.getMaxProperties() == null || schema.getMaxProperties() > limits.maxObjectMembers()) {
                schema.setMaxProperties(limits.maxObjectMembers());
            }
            cap(values, seen);
        } else if (Boolean.TRUE.equals(schema.getAdditionalProperties()) && schema.getMaxProperties() == null) {
            schema.setMaxProperties(limits.maxObjectMembers());
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(property -> cap(property, seen));
        }
        for (List<Schema> composed : java.util.Arrays.asList(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf())) {
            if (composed != null) {
                composed.forEach(part -> cap(part, seen));
            }
        }
    }

    private static boolean is(Schema<?> schema, String type) {
        return type.equals(schema.getType()) || (schema.getTypes() != null && schema.getTypes().contains(type));
    }
}
