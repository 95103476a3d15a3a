package io.pulsecrm.platform.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * What every service's OpenAPI document says about itself: its name, that it is called through the gateway (a
 * relative server, so the aggregated Swagger UI and generated clients call the gateway, never a service's own
 * address), and that every operation takes a bearer token.
 */
public final class ApiDocumentation {

    static final String BEARER = "bearer";

    private ApiDocumentation() {
    }

    public static OpenApiCustomizer customizer(String serviceName) {
        return openApi -> {
            openApi.setInfo(new Info().title("Pulse CRM " + serviceName + " API").version("v1")
                    .description("Called through the Pulse gateway with an OAuth2 bearer token; errors are "
                            + "RFC 9457 application/problem+json."));
            openApi.setServers(java.util.List.of(new Server().url("/").description("the Pulse gateway")));
            Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
            components.addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                    .bearerFormat("JWT"));
            openApi.setComponents(components);
            openApi.setSecurity(java.util.List.of(new SecurityRequirement().addList(BEARER)));
        };
    }
}
