package io.pulsecrm.gateway.routing;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.netty.channel.ChannelOption;
import reactor.netty.http.client.HttpClient;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.LoadBalancerProperties;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.cloud.loadbalancer.support.ServiceInstanceListSuppliers;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The instances of one service, for its load balancer (Spring Cloud LoadBalancer creates this configuration once per
 * service id, in a child context; deliberately not a {@code @Configuration} found by component scanning).
 *
 * <ul>
 * <li>One URL: that one instance, without health checks. Something else balances behind it (a Kubernetes Service
 * and its readiness probes), and its health endpoint may not even be reachable from here.</li>
 * <li>Several URLs: those instances, health-checked ({@code spring.cloud.loadbalancer.health-check.*}: every
 * {@code interval}, {@code GET <instance><path>}, 200 = in rotation). An instance that was killed or is still starting
 * is left out until it answers again; a request that reaches one anyway is failed over by
 * {@link InstanceFailoverGatewayFilterFactory}. When none passes, all stay in rotation
 * ({@link FailOpenServiceInstanceListSupplier}).</li>
 * </ul>
 */
class ServiceInstancesConfiguration {

    @Bean
    ServiceInstanceListSupplier serviceInstances(Environment environment, ConfigurableApplicationContext context,
                                                 PulseGatewayProperties properties) {
        String serviceId = environment.getRequiredProperty(LoadBalancerClientFactory.PROPERTY_NAME);
        PulseGatewayProperties.DownstreamService service = properties.services().get(serviceId);
        if (service == null) {
            throw new IllegalStateException("A route targets lb://" + serviceId + " but pulse.gateway.services."
                    + serviceId + ".url is not set");
        }
        List<URI> urls = service.urls();
        ServiceInstance[] instances = new ServiceInstance[urls.size()];
        for (int i = 0; i < instances.length; i++) {
            URI url = urls.get(i);
            boolean secure = "https".equals(url.getScheme());
            int port = url.getPort() != -1 ? url.getPort() : secure ? 443 : 80;
            instances[i] = new DefaultServiceInstance(serviceId + "-" + (i + 1), serviceId, url.getHost(), port, secure);
        }
        ServiceInstanceListSupplier fixed = ServiceInstanceListSuppliers.from(serviceId, instances);
        if (!service.balanced()) {
            return fixed;
        }
        return new FailOpenServiceInstanceListSupplier(ServiceInstanceListSupplier.builder()
                .withBase(fixed)
                .withHealthChecks(healthCheckClient(context.getBean(LoadBalancerClientFactory.class)
                        .getProperties(serviceId).getHealthCheck(), properties.connectTimeoutMs()))
                .build(context), List.of(instances));
    }

    /** Answers within one check interval or counts as down; a check never waits on a stuck instance for longer. */
    private static WebClient healthCheckClient(LoadBalancerProperties.HealthCheck healthCheck, int connectTimeoutMs) {
        Duration interval = healthCheck.getInterval();
        HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(connectTimeoutMs, interval.toMillis()))
                .responseTimeout(interval);
        return WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
    }
}
