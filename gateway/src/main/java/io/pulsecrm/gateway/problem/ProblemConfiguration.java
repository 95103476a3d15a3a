package io.pulsecrm.gateway.problem;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The gateway answers every error as problem+json, including those its HTTP server gives before Spring runs. */
@Configuration(proxyBeanMethods = false)
class ProblemConfiguration {

    @Bean
    NettyServerCustomizer decodingFailureProblems(JsonMapper json) {
        return DecodingFailureProblems.customizer(json);
    }
}
