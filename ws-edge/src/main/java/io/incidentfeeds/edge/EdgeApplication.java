package io.incidentfeeds.edge;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * ws-edge: the WebSocket and HTTP fan-out of incidents.reconciled. Stateless: it rebuilds its live
 * view from the topic on every start, so any number of replicas run behind a load balancer.
 *
 * <p>In a test: {@code new SpringApplicationBuilder(EdgeApplication.class).run("--server.port=0",
 * "--edge.kafka.bootstrap-servers=...", "--edge.auth.hs256.secret=...")}.
 */
@SpringBootApplication
@EnableConfigurationProperties(EdgeProperties.class)
public class EdgeApplication {

    public static void main(String[] args) {
        SpringApplication.run(EdgeApplication.class, args);
    }
}
