package io.pulsecrm.gateway.routing;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every route targets {@code lb://<service id>}: Spring Cloud LoadBalancer picks an instance per request (round robin)
 * from the service's {@code url} list ({@link ServiceInstancesConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
@LoadBalancerClients(defaultConfiguration = ServiceInstancesConfiguration.class)
class LoadBalancingConfiguration {

    /**
     * Creates each service's balancer (and so starts its health checks) once the gateway is up, instead of on the
     * first request, which would otherwise wait for the first round of checks.
     */
    @Bean
    ApplicationListener<ApplicationReadyEvent> eagerServiceInstances(LoadBalancerClientFactory balancers,
                                                                      PulseGatewayProperties properties) {
        return ready -> properties.services().keySet().forEach(balancers::getInstance);
    }
}
