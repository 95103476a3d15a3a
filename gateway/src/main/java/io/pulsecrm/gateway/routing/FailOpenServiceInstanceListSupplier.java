package io.pulsecrm.gateway.routing;

import java.util.List;

import reactor.core.publisher.Flux;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.DelegatingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/**
 * Keeps the instances that passed their health checks in the order they were configured: the checks answer in any
 * order, and round robin over a list whose order changes picks one instance twice in a row. When no instance passes
 * its health check, every instance stays in rotation ("panic mode", as load balancers such as
 * Envoy do it). A check that times out because the instances are slow, not dead (a starved CPU, a long GC pause), must
 * not cut the service off entirely: requests still reach whichever instance answers, and failover and the circuit
 * breaker deal with those that do not.
 */
class FailOpenServiceInstanceListSupplier extends DelegatingServiceInstanceListSupplier {

    private final List<ServiceInstance> all;

    /**
     * @param healthChecked the instances that passed their last check
     * @param all           every instance of the service
     */
    FailOpenServiceInstanceListSupplier(ServiceInstanceListSupplier healthChecked, List<ServiceInstance> all) {
        super(healthChecked);
        this.all = List.copyOf(all);
    }

    /** The healthy instances in their configured order (round robin needs a stable order), or all when none is. */
    @Override
    public Flux<List<ServiceInstance>> get() {
        return delegate.get().map(healthy -> healthy.isEmpty() ? all : all.stream().filter(healthy::contains).toList());
    }
}
