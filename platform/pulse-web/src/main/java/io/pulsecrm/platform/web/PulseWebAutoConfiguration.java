package io.pulsecrm.platform.web;

import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ErrorReportValve;
import io.swagger.v3.oas.models.media.ObjectSchema;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.accept.ContentNegotiationManager;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/**
 * The HTTP edge every Pulse servlet component shares: what it answers to bad input is decided here once.
 * Components add their own domain exceptions by declaring a {@link WebProblemHandler} subclass bean.
 */
@AutoConfiguration(before = ErrorMvcAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(RequestLimits.class)
public class PulseWebAutoConfiguration {

    /** Runs first among the platform's filters that answer: even the correlation id is not needed to refuse. */
    public static final int REQUEST_SANITY_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 5;

    @Bean
    @ConditionalOnMissingBean(WebProblemHandler.class)
    WebProblemHandler webProblemHandler(RequestLimits limits) {
        return new WebProblemHandler(limits);
    }

    @Bean
    @ConditionalOnMissingBean(ErrorController.class)
    ProblemErrorController problemErrorController() {
        return new ProblemErrorController();
    }

    @Bean
    JsonBodyLimits jsonBodyLimits(RequestLimits limits) {
        return new JsonBodyLimits(limits);
    }

    @Bean
    FilterRegistrationBean<RequestSanityFilter> requestSanityFilter() {
        var registration = new FilterRegistrationBean<>(new RequestSanityFilter());
        registration.setOrder(REQUEST_SANITY_FILTER_ORDER);
        return registration;
    }

    @Bean
    WebMvcConfigurer acceptableBeforeHandling() {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new AcceptableBeforeHandling(new ContentNegotiationManager()));
            }
        };
    }

    /**
     * Scalars are what they claim to be (a number where text is expected is refused, not coerced), and a null
     * inside a list is refused where it would otherwise reach code that cannot hold it.
     */
    @Bean
    JsonMapperBuilderCustomizer strictJsonBinding() {
        JsonSetter.Value noNullItems = JsonSetter.Value.forContentNulls(Nulls.FAIL);
        return builder -> builder
                .withCoercionConfig(LogicalType.Textual, config -> config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Integer, config -> config
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Float, config -> config
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Boolean, config -> config
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
                .withConfigOverride(java.util.List.class, override -> override.setNullHandling(noNullItems))
                .withConfigOverride(java.util.Set.class, override -> override.setNullHandling(noNullItems))
                .withConfigOverride(java.util.Collection.class, override -> override.setNullHandling(noNullItems));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Tomcat.class)
    static class TomcatErrors {

        @Bean
        ProblemErrorReports problemErrorReports() {
            return new ProblemErrorReports();
        }
    }

    /** Replaces Tomcat's HTML error report; ordered last, after Spring Boot's customizer that installs it. */
    static final class ProblemErrorReports implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                // the host adds a valve of this class when it starts, unless one is there already
                if (context.getParent() instanceof StandardHost host) {
                    host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                }
                Pipeline host = context.getParent().getPipeline();
                for (Valve valve : host.getValves()) {
                    if (valve instanceof ErrorReportValve) {
                        host.removeValve(valve);
                    }
                }
                host.addValve(new ProblemErrorReportValve());
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(RequestRejectedHandler.class)
    static class FirewallRejections {

        /** Spring Security picks this bean up for requests its firewall refuses before any filter ran. */
        @Bean
        RequestRejectedHandler problemRequestRejectedHandler() {
            return (request, response, rejected) -> Problems.write(request, response, ClientErrors.rejected());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(OpenApiCustomizer.class)
    static class OpenApiCaps {

        @Bean
        CollectionCapsInSchemas collectionCapsInSchemas(RequestLimits limits) {
            // a JsonNode body (a merge patch, a rule) is any JSON object, not the node class's bean properties
            SpringDocUtils.getConfig().replaceWithSchema(JsonNode.class,
                    new ObjectSchema().description("A JSON object; the operation says which members it takes"));
            return new CollectionCapsInSchemas(limits);
        }
    }
}
