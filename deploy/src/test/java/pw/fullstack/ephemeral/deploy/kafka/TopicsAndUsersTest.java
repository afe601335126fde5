package pw.fullstack.ephemeral.deploy.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.contracts.envelope.LifecycleTopic;
import pw.fullstack.ephemeral.deploy.rendering.Kustomizations;
import pw.fullstack.ephemeral.deploy.rendering.OperatorCrds;
import pw.fullstack.ephemeral.messaging.retention.TombstoneRetention;
import pw.fullstack.ephemeral.messaging.retention.TopicRetention;

/**
 * base/kafka against what the services actually do: the topics and groups their application.properties name, the
 * services that publish, the ones that read topic retentions for their tombstones (lifecycle-messaging's rule).
 */
class TopicsAndUsersTest {

    private static final String LIFECYCLE = LifecycleTopic.NAME;
    private static final Pattern TOMBSTONE_DEFAULT = Pattern.compile("@WithDefault\\(\"(\\d+)([dDhHmM])\"\\)\\s*Duration tombstoneRetention\\(\\)");

    private static List<ObjectNode> rendered;
    private static List<ObjectNode> topics;
    private static KafkaAcls acls;
    private static List<ServiceKafkaClients> services;
    /** Reads with a plain consumer, partitions assigned, no group (console-service feed.LifecycleFeed): no channel. */
    private static final String CONSOLE = "console";

    @BeforeAll
    static void render() {
        rendered = Kustomizations.render(Kustomizations.deployDirectory().resolve("base/kafka"));
        topics = Kustomizations.ofKind(rendered, "KafkaTopic");
        acls = KafkaAcls.of(Kustomizations.ofKind(rendered, "KafkaUser"));
        services = ServiceKafkaClients.all(Kustomizations.projectRoot(), "prod", Map.of("KAFKA_SASL_JAAS_CONFIG", "jaas"));
        assertThat(services).extracting(ServiceKafkaClients::service)
                .containsExactlyInAnyOrder("allocator", "provisioner", "installer", "reaper", "notifier", "github-bridge");
    }

    @Test
    void everyTopicAndUserIsOneStrimzisCrdsAdmit() {
        for (ObjectNode object : rendered) {
            if (object.path("apiVersion").asText().startsWith("kafka.strimzi.io/")) {
                assertThat(OperatorCrds.refusal(object)).as(object.path("metadata").path("name").asText()).isEmpty();
            }
        }
        assertThat(topics).isNotEmpty();
    }

    @Test
    void everyTopicAServiceNamesHasAKafkaTopic() {
        List<String> named = new ArrayList<>();
        for (ServiceKafkaClients service : services) {
            named.addAll(service.consumedTopics());
            named.addAll(service.publishedTopics());
            named.addAll(service.deadLetterTopics());
        }
        assertThat(topicNames()).containsAll(named);
        assertThat(new TreeSet<>(named)).as("no KafkaTopic that no service uses").containsExactlyElementsOf(new TreeSet<>(topicNames()));
    }

    @Test
    void everyServiceAuthenticatesAsItsOwnScramUser() {
        List<ObjectNode> users = Kustomizations.ofKind(rendered, "KafkaUser");
        List<String> expected = new ArrayList<>(services.stream().map(ServiceKafkaClients::service).toList());
        expected.add(CONSOLE);
        assertThat(users).extracting(u -> u.path("metadata").path("name").asText())
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(users).allSatisfy(u -> {
            assertThat(u.path("spec").path("authentication").path("type").asText()).isEqualTo("scram-sha-512");
            assertThat(u.path("spec").path("authorization").path("type").asText()).isEqualTo("simple");
        });
    }

    @Test
    void everyConsumerGroupIsReadByExactlyItsServiceWhichMayReadWhatItConsumes() {
        for (ServiceKafkaClients service : services) {
            for (String group : service.groups()) {
                assertThat(acls.usersAllowed("Read", "group", group)).as("group " + group).containsExactly(service.service());
            }
            for (String topic : service.consumedTopics()) {
                assertThat(acls.allows(service.service(), "Read", "topic", topic)).as(service.service() + " reads " + topic).isTrue();
            }
        }
        assertThat(services.stream().flatMap(s -> s.groups().stream())).as("consumer groups found").hasSizeGreaterThanOrEqualTo(5);
    }

    @Test
    void exactlyTheServicesThatPublishMayWriteTheLifecycleTopic() {
        List<String> publishers = services.stream().filter(s -> s.publishedTopics().contains(LIFECYCLE))
                .map(ServiceKafkaClients::service).sorted().toList();

        assertThat(publishers).contains("github-bridge").doesNotContain("notifier");
        assertThat(acls.usersAllowed("Write", "topic", LIFECYCLE)).isEqualTo(publishers);
    }

    @Test
    void eachServiceWritesOnlyItsOwnDeadLetterTopic() {
        for (ServiceKafkaClients service : services) {
            for (String topic : service.deadLetterTopics()) {
                assertThat(acls.usersAllowed("Write", "topic", topic)).as(topic).containsExactly(service.service());
                assertThat(acls.usersAllowed("Read", "topic", topic)).as("only the console reads " + topic).containsExactly(CONSOLE);
            }
        }
    }

    @Test
    void theServicesThatForgetEndedRunsMaySeeEveryReplayableTopicsRetentionAndNoOtherMay() {
        for (ServiceKafkaClients service : services) {
            for (String topic : topicNames()) {
                // ReplayableTopics lists topics (Describe) and reads retention.ms/segment.ms (DescribeConfigs): a topic it
                // cannot describe is not even listed, and its retention would be left out of the tombstone rule.
                assertThat(acls.allows(service.service(), "Describe", "topic", topic)
                        && acls.allows(service.service(), "DescribeConfigs", "topic", topic))
                        .as(service.service() + " reads the retention of " + topic).isEqualTo(service.readsTopicRetention());
            }
        }
        assertThat(services.stream().filter(ServiceKafkaClients::readsTopicRetention).map(ServiceKafkaClients::service))
                .containsExactlyInAnyOrder("allocator", "provisioner");
    }

    /** It shows every event and every dead letter, and changes nothing: no Write, no group, no retention. */
    @Test
    void theConsoleMayReadTheLifecycleTopicAndEveryDeadLetterTopicAndNothingElse() {
        List<String> deadLetterTopics = services.stream().flatMap(s -> s.deadLetterTopics().stream()).toList();
        assertThat(deadLetterTopics).hasSizeGreaterThanOrEqualTo(5);
        for (String topic : topicNames()) {
            assertThat(acls.allows(CONSOLE, "Read", "topic", topic)).as("console reads " + topic).isTrue();
            assertThat(acls.allows(CONSOLE, "Write", "topic", topic)).as("console writes " + topic).isFalse();
            assertThat(acls.allows(CONSOLE, "DescribeConfigs", "topic", topic)).isFalse();
        }
        assertThat(acls.entries()).filteredOn(e -> e.user().equals(CONSOLE))
                .allSatisfy(e -> assertThat(e.resourceType()).isEqualTo("topic"));
    }

    @Test
    void nobodyMayCreateDeleteOrAlterAnythingOrActOnTheCluster() {
        assertThat(acls.entries()).allSatisfy(entry -> {
            assertThat(entry.operation()).isIn("Read", "Write", "Describe", "DescribeConfigs");
            assertThat(entry.resourceType()).isIn("topic", "group");
            assertThat(entry.allow()).isTrue();
        });
        assertThat(acls.entries().stream().filter(e -> e.prefix()))
                .allSatisfy(e -> assertThat(e.operation()).isIn("Describe", "DescribeConfigs"));
    }

    @Test
    void topicsKeepThreeReplicasAndAnAcknowledgedRecordIsOnTwoOfThem() {
        assertThat(topics).allSatisfy(topic -> {
            assertThat(topic.path("spec").path("replicas").asInt()).isEqualTo(3);
            assertThat(topic.path("spec").path("config").path("min.insync.replicas").asInt()).isEqualTo(2);
            assertThat(topic.path("spec").path("config").path("cleanup.policy").asText()).isEqualTo("delete");
        });
        // min.insync.replicas only protects producers that wait for every in-sync replica.
        for (ServiceKafkaClients service : services) {
            service.outgoing().forEach((channel, settings) -> assertThat(settings.get("acks")).as(service.module() + " " + channel).isEqualTo("all"));
        }
    }

    @Test
    void theLifecycleTopicKeepsAWeekOfReplaysAndNeverOutlivesTheTombstonesOfEndedRuns() {
        List<TopicRetention> retentions = topics.stream().map(t -> new TopicRetention(topicName(t),
                t.path("spec").path("config").path("retention.ms").asLong(), t.path("spec").path("config").path("segment.ms").asLong()))
                .toList();
        TopicRetention lifecycle = retentions.stream().filter(r -> r.topic().equals(LIFECYCLE)).findFirst().orElseThrow();
        assertThat(Duration.ofMillis(lifecycle.retentionMs())).isGreaterThanOrEqualTo(Duration.ofDays(7));
        assertThat(retentions).allSatisfy(r -> assertThat(Duration.ofMillis(r.retentionMs())).isPositive());

        List<Duration> defaults = tombstoneRetentionDefaults();
        assertThat(defaults).as("services with a tombstone-retention setting").hasSize(2);
        for (Duration configured : defaults) {
            // The rule keeps tombstones for the longer of the setting and the longest retention.ms + segment.ms: with
            // these topics the setting stands, so "30 days" in the READMEs is what happens.
            assertThat(TombstoneRetention.dropAfter(configured, Optional.of(retentions))).contains(configured);
        }
    }

    private static List<String> topicNames() {
        return topics.stream().map(TopicsAndUsersTest::topicName).toList();
    }

    private static String topicName(ObjectNode topic) {
        return topic.path("spec").path("topicName").asText(topic.path("metadata").path("name").asText());
    }

    private static List<Duration> tombstoneRetentionDefaults() {
        List<Duration> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Kustomizations.projectRoot())) {
            for (Path file : files.filter(f -> f.toString().endsWith("Config.java") && f.toString().contains("src/main/java")).toList()) {
                Matcher m = TOMBSTONE_DEFAULT.matcher(Files.readString(file));
                while (m.find()) {
                    long n = Long.parseLong(m.group(1));
                    found.add(switch (m.group(2).toLowerCase()) {
                        case "d" -> Duration.ofDays(n);
                        case "h" -> Duration.ofHours(n);
                        default -> Duration.ofMinutes(n);
                    });
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }
}
