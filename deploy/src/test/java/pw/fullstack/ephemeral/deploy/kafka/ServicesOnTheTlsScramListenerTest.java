package pw.fullstack.ephemeral.deploy.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.leadership.LeaderTakesAllAssignor;
import pw.fullstack.ephemeral.contracts.envelope.LifecycleTopic;
import pw.fullstack.ephemeral.deploy.rendering.Kustomizations;
import pw.fullstack.ephemeral.messaging.retention.TombstoneRetention;
import pw.fullstack.ephemeral.messaging.retention.TopicRetention;
import pw.fullstack.ephemeral.testkit.kafka.ScramTlsKafkaBroker;

/**
 * The services' {@code %prod} Kafka settings against a real broker that listens the way Strimzi's TLS + SCRAM-SHA-512
 * listener does, with base/kafka's topics created and its KafkaUsers' ACLs enforced by Kafka's own authorizer: each
 * client a service makes (as {@link ServiceKafkaClients} derives it from its application.properties, with the values
 * components/kafka-client supplies) connects, and may do what the service needs and nothing the ACLs leave out.
 *
 * <p>The broker is a single node: the topics get one replica and {@code min.insync.replicas} 1 here.
 */
class ServicesOnTheTlsScramListenerTest {

    private static final String LIFECYCLE = LifecycleTopic.NAME;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static ScramTlsKafkaBroker broker;
    private static final Map<String, ServiceKafkaClients> services = new LinkedHashMap<>();
    private static List<ObjectNode> kafka;

    @BeforeAll
    static void brokerWithTheTopicsAndAcls() throws Exception {
        kafka = Kustomizations.render(Kustomizations.deployDirectory().resolve("base/kafka"));
        List<String> names = ServiceKafkaClients.all(Kustomizations.projectRoot(), "sandbox", Map.of()).stream()
                .map(ServiceKafkaClients::service).toList();
        broker = new ScramTlsKafkaBroker(names).start();
        for (String name : names) {
            Path module = Kustomizations.projectRoot().resolve(name.equals("github-bridge") ? name : name + "-service");
            // What components/kafka-client puts in the pod: the broker, the KafkaUser Secret's JAAS line, the cluster CA.
            services.put(name, ServiceKafkaClients.of(module, "prod", Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                    "KAFKA_SASL_JAAS_CONFIG", broker.jaasConfig(name),
                    "KAFKA_TRUSTSTORE_LOCATION", broker.caCertificateFile().toString())));
        }
        try (Admin admin = Admin.create(broker.clientSettings(ScramTlsKafkaBroker.ADMIN))) {
            List<NewTopic> topics = new ArrayList<>();
            for (ObjectNode topic : Kustomizations.ofKind(kafka, "KafkaTopic")) {
                Map<String, String> config = new HashMap<>();
                topic.path("spec").path("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
                config.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "1");
                topics.add(new NewTopic(topic.path("spec").path("topicName").asText(), topic.path("spec").path("partitions").asInt(),
                        (short) 1).configs(config));
            }
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
            admin.createAcls(acls()).all().get(30, TimeUnit.SECONDS);
        }
        // Something on the lifecycle topic for every consumer to read.
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(strings(broker.clientSettings(ScramTlsKafkaBroker.ADMIN)))) {
            producer.send(new ProducerRecord<>(LIFECYCLE, "pr-demo-1", "seed")).get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void everyServiceThatPublishesWritesTheLifecycleTopicWithItsOutgoingChannelsSettings() throws Exception {
        int publishers = 0;
        for (ServiceKafkaClients service : services.values()) {
            for (Map<String, String> settings : service.outgoing().values()) {
                try (KafkaProducer<Object, Object> producer = new KafkaProducer<>(only(settings, ProducerConfig.configNames()))) {
                    assertThat(producer.send(record(settings.get("topic"), service)).get(30, TimeUnit.SECONDS).topic())
                            .as(service.service()).isEqualTo(LIFECYCLE);
                    publishers++;
                }
            }
        }
        assertThat(publishers).isEqualTo(5);
    }

    @Test
    void theNotifierWhichPublishesNothingMayNotWriteTheLifecycleTopic() {
        Map<String, Object> settings = new HashMap<>(only(services.get("notifier").admin(), ProducerConfig.configNames()));
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(strings(settings))) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(LIFECYCLE, "pr-demo-1", "forged")).get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void everyConsumerReadsTheLifecycleTopicInItsOwnGroupAndCommitsItsOffsets() {
        int consumers = 0;
        for (ServiceKafkaClients service : services.values()) {
            for (Map<String, String> settings : service.incoming().values()) {
                Map<String, Object> consumerSettings = only(settings, ConsumerConfig.configNames());
                // The leader-only services' consumers get partitions only while their replica leads: this one does, as
                // LeaderOnlyConsumption tells the assignor in a leading replica.
                consumerSettings.put(LeaderTakesAllAssignor.LEADS, (java.util.function.BooleanSupplier) () -> true);
                try (KafkaConsumer<Object, Object> consumer = new KafkaConsumer<>(consumerSettings)) {
                    consumer.subscribe(List.of(settings.get("topic")));
                    assertThat(pollUntilRecords(consumer).count()).as(service.service()).isPositive();
                    consumer.commitSync(WAIT);
                    consumers++;
                }
            }
        }
        assertThat(consumers).isEqualTo(5);
    }

    @Test
    void aConsumerCannotJoinAnotherServicesGroup() {
        Map<String, Object> settings = only(services.get("reaper").incoming().get("lifecycle"), ConsumerConfig.configNames());
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, "allocator");
        try (KafkaConsumer<Object, Object> consumer = new KafkaConsumer<>(settings)) {
            consumer.subscribe(List.of(LIFECYCLE));
            assertThatThrownBy(() -> pollUntilRecords(consumer)).isInstanceOf(GroupAuthorizationException.class);
        }
    }

    @Test
    void eachDeadLetterProducerWritesItsOwnTopicAndNoOther() throws Exception {
        int deadLetterProducers = 0;
        for (ServiceKafkaClients service : services.values()) {
            for (Map<String, String> settings : service.deadLetters().values()) {
                Map<String, Object> producerSettings = only(settings, ProducerConfig.configNames());
                producerSettings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
                try (KafkaProducer<Object, Object> producer = new KafkaProducer<>(producerSettings)) {
                    producer.send(record(settings.get("topic"), service)).get(30, TimeUnit.SECONDS);
                    String another = LifecycleTopic.deadLetterTopic(service.service().equals("reaper") ? "notifier" : "reaper");
                    assertThatThrownBy(() -> producer.send(record(another, service)).get(30, TimeUnit.SECONDS))
                            .as(service.service() + " writing " + another).hasCauseInstanceOf(TopicAuthorizationException.class);
                    deadLetterProducers++;
                }
            }
        }
        assertThat(deadLetterProducers).isEqualTo(5);
    }

    @Test
    void theServicesThatForgetEndedRunsReadEveryReplayableTopicsRetentionAndTheOthersCannot() throws Exception {
        List<String> topics = Kustomizations.ofKind(kafka, "KafkaTopic").stream().map(t -> t.path("spec").path("topicName").asText()).toList();
        for (ServiceKafkaClients service : services.values()) {
            Map<String, Object> settings = only(service.admin(), AdminClientConfig.configNames());
            try (Admin admin = Admin.create(settings)) {
                if (!service.readsTopicRetention()) {
                    assertThatThrownBy(() -> admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, LIFECYCLE)))
                            .all().get(30, TimeUnit.SECONDS)).as(service.service()).hasCauseInstanceOf(TopicAuthorizationException.class);
                    continue;
                }
                // What lifecycle-messaging's ReplayableTopics does: list, then read retention.ms and segment.ms.
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).as(service.service()).containsAll(topics);
                Map<ConfigResource, Config> configs = admin.describeConfigs(topics.stream()
                        .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList()).all().get(30, TimeUnit.SECONDS);
                List<TopicRetention> retentions = configs.entrySet().stream().map(e -> new TopicRetention(e.getKey().name(),
                        Long.parseLong(e.getValue().get(TopicConfig.RETENTION_MS_CONFIG).value()),
                        Long.parseLong(e.getValue().get(TopicConfig.SEGMENT_MS_CONFIG).value()))).toList();
                assertThat(TombstoneRetention.dropAfter(Duration.ofDays(30), Optional.of(retentions))).contains(Duration.ofDays(30));
                assertThat(retentions).filteredOn(r -> r.topic().equals(LIFECYCLE)).singleElement()
                        .satisfies(r -> assertThat(r.retentionMs()).isEqualTo(Duration.ofDays(7).toMillis()));
            }
        }
    }

    @Test
    void theBridgesReadinessProbeReachesTheBroker() throws Exception {
        try (Admin admin = Admin.create(only(services.get("github-bridge").admin(), AdminClientConfig.configNames()))) {
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
        }
    }

    private static List<AclBinding> acls() {
        List<AclBinding> bindings = new ArrayList<>();
        for (ObjectNode user : Kustomizations.ofKind(kafka, "KafkaUser")) {
            String principal = "User:" + user.path("metadata").path("name").asText();
            for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
                JsonNode resource = acl.path("resource");
                ResourcePattern pattern = new ResourcePattern(ResourceType.fromString(resource.path("type").asText()),
                        resource.path("name").asText(),
                        "prefix".equals(resource.path("patternType").asText()) ? PatternType.PREFIXED : PatternType.LITERAL);
                for (JsonNode operation : acl.path("operations")) {
                    // Strimzi's DescribeConfigs is Kafka's DESCRIBE_CONFIGS
                    AclOperation op = AclOperation.fromString(operation.asText().replaceAll("([a-z])([A-Z])", "$1_$2"));
                    assertThat(op).as(operation.asText()).isNotEqualTo(AclOperation.UNKNOWN);
                    bindings.add(new AclBinding(pattern, new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW)));
                }
            }
        }
        return bindings;
    }

    private static ProducerRecord<Object, Object> record(String topic, ServiceKafkaClients service) {
        return new ProducerRecord<>(topic, "pr-demo-1", ("from " + service.service()).getBytes(StandardCharsets.UTF_8));
    }

    private static ConsumerRecords<Object, Object> pollUntilRecords(KafkaConsumer<Object, Object> consumer) {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            ConsumerRecords<Object, Object> records = consumer.poll(Duration.ofMillis(500));
            if (!records.isEmpty()) {
                return records;
            }
        }
        throw new AssertionError("no record within " + WAIT);
    }

    private static Map<String, Object> only(Map<String, ?> settings, java.util.Set<String> names) {
        Map<String, Object> kept = new HashMap<>();
        settings.forEach((key, value) -> {
            if (names.contains(key)) {
                kept.put(key, value);
            }
        });
        return kept;
    }

    private static Map<String, Object> strings(Map<String, Object> settings) {
        Map<String, Object> withSerializers = new HashMap<>(settings);
        withSerializers.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.StringSerializer.class);
        withSerializers.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.StringSerializer.class);
        return withSerializers;
    }
}
