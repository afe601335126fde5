package pw.fullstack.ephemeral.bridge.ops;

import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import pw.fullstack.ephemeral.bridge.BridgeConfig;

/**
 * Ready only while the broker answers (a bounded {@code describeCluster}, at most
 * {@code bridge.publish-timeout}): an instance that cannot publish would answer every delivery 503,
 * so it is taken out of the load balancer and shows on the dashboards. Quarkus' own Kafka health
 * check waits up to a minute on an unreachable broker, longer than any probe. Uses the same
 * {@code kafka.*} connection settings (bootstrap servers, TLS, SASL) as the producer.
 */
@Readiness
@ApplicationScoped
public class BrokerReadinessCheck implements HealthCheck {

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Inject
    BridgeConfig config;

    private Admin admin;

    @Override
    public HealthCheckResponse call() {
        int timeoutMs = (int) config.publishTimeout().toMillis();
        var response = HealthCheckResponse.named("kafka-broker");
        try {
            Collection<Node> nodes = admin(timeoutMs).describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs))
                    .nodes().get(timeoutMs + 1000L, TimeUnit.MILLISECONDS);
            return response.up().withData("brokers", nodes.size()).build();
        } catch (ExecutionException e) {
            return response.down().withData("error", String.valueOf(e.getCause())).build();
        } catch (TimeoutException e) {
            return response.down().withData("error", "no answer within " + config.publishTimeout()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return response.down().withData("error", "interrupted").build();
        }
    }

    private synchronized Admin admin(int timeoutMs) {
        if (admin == null) {
            Map<String, Object> settings = new HashMap<>();
            kafkaConfig.forEach((key, value) -> {
                if (AdminClientConfig.configNames().contains(key)) {
                    settings.put(key, value);
                }
            });
            settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
            settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
            settings.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
            settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "github-bridge-readiness");
            admin = Admin.create(settings);
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close();
        }
    }
}
