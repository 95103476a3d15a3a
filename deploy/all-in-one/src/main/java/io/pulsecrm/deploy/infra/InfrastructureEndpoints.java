package io.pulsecrm.deploy.infra;

/** Where the broker and the store listen, as clients address them. */
public record InfrastructureEndpoints(String kafkaBootstrapServers, String mongoConnectionString) {

    /** One database per service, named in the URI path so Spring Boot's MongoDB support picks it up. */
    public String mongoUri(String database) {
        return mongoConnectionString + "/" + database;
    }
}
