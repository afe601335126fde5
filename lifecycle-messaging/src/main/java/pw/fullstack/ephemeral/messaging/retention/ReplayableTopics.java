package pw.fullstack.ephemeral.messaging.retention;

import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.jboss.logging.Logger;
import pw.fullstack.ephemeral.contracts.envelope.LifecycleTopic;

/**
 * The retention of every topic a record can be replayed from — the lifecycle topic and the dead-letter
 * topics ({@code ephemeral.cluster-lifecycle.<service>.dlq}) — as the broker reports it, with the same
 * {@code kafka.*} connection settings as the consumer. Read at most every ten minutes (a minute after a
 * failed read); empty while the broker cannot tell (down, or no permission to describe topic configs), and
 * then no tombstone is dropped.
 */
@ApplicationScoped
public class ReplayableTopics {

    private static final Logger LOG = Logger.getLogger(ReplayableTopics.class);
    private static final Duration REFRESH = Duration.ofMinutes(10);
    private static final Duration RETRY = Duration.ofMinutes(1);
    private static final long TIMEOUT_MS = 10_000;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    private Admin admin;
    private Optional<List<TopicRetention>> cached = Optional.empty();
    private Instant readAt = Instant.MIN;
    private Optional<Duration> lastDropAfter = Optional.empty();

    /**
     * How old a tombstone must be before it is dropped ({@link TombstoneRetention}); empty = keep it.
     *
     * @param configured the service's {@code tombstone-retention} setting
     */
    public synchronized Optional<Duration> dropTombstonesAfter(Duration configured) {
        Optional<Duration> dropAfter = TombstoneRetention.dropAfter(configured, retentions());
        if (!dropAfter.equals(lastDropAfter)) {
            lastDropAfter = dropAfter;
            if (dropAfter.isEmpty()) {
                LOG.infof("ended runs are kept for ever for now: a replayable topic keeps records for ever, or the broker"
                        + " did not say how long (%s)", cached.map(Object::toString).orElse("not known"));
            } else if (dropAfter.get().compareTo(configured) > 0) {
                LOG.warnf("tombstone-retention %s is shorter than the longest replayable topic keeps a record"
                        + " (%s, segments included): ended runs are kept %s", configured, cached.get(),
                        dropAfter.get());
            }
        }
        return dropAfter;
    }

    private Optional<List<TopicRetention>> retentions() {
        // Asked again after the refresh interval, or a minute after the broker could not tell (meanwhile nothing is dropped).
        Duration age = Duration.between(readAt, Instant.now());
        if (age.compareTo(cached.isPresent() ? REFRESH : RETRY) < 0) {
            return cached;
        }
        try {
            List<String> topics = new ArrayList<>();
            for (String name : admin().listTopics().names().get(TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                if (name.equals(LifecycleTopic.NAME) || (name.startsWith(LifecycleTopic.NAME + ".") && name.endsWith(".dlq"))) {
                    topics.add(name);
                }
            }
            List<ConfigResource> resources = topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
            Map<ConfigResource, Config> configs = admin().describeConfigs(resources).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            List<TopicRetention> retentions = new ArrayList<>();
            configs.forEach((resource, topicConfig) -> retentions.add(new TopicRetention(resource.name(),
                    Long.parseLong(topicConfig.get(TopicConfig.RETENTION_MS_CONFIG).value()),
                    Long.parseLong(topicConfig.get(TopicConfig.SEGMENT_MS_CONFIG).value()))));
            cached = topics.contains(LifecycleTopic.NAME) ? Optional.of(List.copyOf(retentions)) : Optional.empty();
            readAt = Instant.now();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.debugf("topic retentions not read: %s", e.toString());
            cached = Optional.empty();
            readAt = Instant.now();
        }
        return cached;
    }

    private Admin admin() {
        if (admin == null) {
            Map<String, Object> settings = new HashMap<>();
            kafkaConfig.forEach((key, value) -> {
                if (AdminClientConfig.configNames().contains(key)) {
                    settings.put(key, value);
                }
            });
            settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS);
            settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS);
            settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "topic-retention-" + Long.toHexString(System.nanoTime()));
            admin = Admin.create(settings);
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
