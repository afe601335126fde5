package pw.fullstack.ephemeral.leadership;

import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.function.BooleanSupplier;
import io.smallrye.reactive.messaging.ClientCustomizer;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Moves the service's Kafka partitions to the replica that leads: the consumers of
 * {@link LeaderElectionSetup#channels()} get {@link Leadership#leads()} in their configuration for
 * {@link LeaderTakesAllAssignor}, and on every {@link LeadershipChange} they rejoin their group
 * ({@code enforceRebalance}), so the leader gets every partition and a replica that stopped leading gives its
 * partitions up at once. Runs before the services' own observers.
 */
@ApplicationScoped
public class LeaderOnlyConsumption implements ClientCustomizer<Map<String, Object>> {

    private static final Logger LOG = Logger.getLogger(LeaderOnlyConsumption.class);

    @Inject
    LeaderElectionSetup setup;

    @Inject
    KafkaClientService kafka;

    @Inject
    Leadership leadership;

    @Override
    public Map<String, Object> customize(String channel, Config channelConfig, Map<String, Object> config) {
        if (setup.channels().contains(channel)) {
            config.put(LeaderTakesAllAssignor.LEADS, (BooleanSupplier) leadership::leads);
        }
        return config;
    }

    void onLeadership(@Observes @Priority(1) LeadershipChange change) {
        for (String channel : setup.channels()) {
            rejoin(channel, change.leading());
        }
    }

    private void rejoin(String channel, boolean leading) {
        KafkaConsumer<Object, Object> consumer;
        try {
            consumer = kafka.getConsumer(channel);
        } catch (RuntimeException notYet) {
            consumer = null;
        }
        if (consumer == null) {
            return; // not started yet: its first join reads the role
        }
        consumer.runOnPollingThread(c -> {
            c.enforceRebalance(leading ? "this replica leads" : "this replica stopped leading");
        }).subscribe().with(ignored -> LOG.infof("%s: rejoining the consumer group as %s", channel,
                leading ? "the leader (all partitions)" : "a follower (no partitions)"),
                failure -> LOG.warnf("%s: could not rejoin the consumer group: %s", channel, failure.toString()));
    }
}
