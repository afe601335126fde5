package pw.fullstack.ephemeral.deploy.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.deploy.rendering.Kustomizations;

/**
 * The two halves of the TLS + SCRAM-SHA-512 connection meet: every Kafka client of every service uses the listener's
 * settings in {@code %prod} (channels, dead-letter producers, admin clients), and components/kafka-client gives every
 * Deployment exactly what those settings read — the bootstrap address, the cluster CA where the truststore location
 * points, and its own KafkaUser's JAAS line.
 *
 * <p>{@link ServicesOnTheTlsScramListenerTest} connects these settings to a real SASL_SSL + SCRAM-SHA-512 listener
 * with the ACLs enforced. Not proven anywhere: that Quarkus and SmallRye hand each client exactly these settings — the
 * layering of {@code kafka.*} under the channels' and the dead-letter producer's settings is their documented
 * behaviour, modelled by {@link ServiceKafkaClients}.
 */
class KafkaClientSettingsTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"allocator\" password=\"p\";";
    private static final String JAAS_VARIABLE = "KAFKA_SASL_JAAS_CONFIG";
    private static final String BOOTSTRAP = "ephemeral-kafka-kafka-bootstrap.kafka.svc:9093";

    @Test
    void everyKafkaClientOfEveryServiceUsesTheTlsScramListenerInProd() {
        var services = ServiceKafkaClients.all(Kustomizations.projectRoot(), "prod",
                Map.of(JAAS_VARIABLE, JAAS, "KAFKA_BOOTSTRAP_SERVERS", BOOTSTRAP));

        assertThat(services).hasSize(6);
        for (ServiceKafkaClients service : services) {
            assertThat(service.everyClient()).hasSizeGreaterThanOrEqualTo(2);
            service.everyClient().forEach((client, settings) -> {
                assertThat(settings).as(client)
                        .containsEntry("bootstrap.servers", BOOTSTRAP)
                        .containsEntry("security.protocol", "SASL_SSL")
                        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                        .containsEntry("sasl.jaas.config", JAAS)
                        .containsEntry("ssl.truststore.type", "PEM")
                        .containsEntry("ssl.truststore.location", "/etc/kafka/cluster-ca/ca.crt")
                        .doesNotContainKey("ssl.endpoint.identification.algorithm");
            });
        }
    }

    @Test
    void theSandboxProfileKeepsThePlaintextBrokerOfTheSandboxAndTests() {
        for (ServiceKafkaClients service : ServiceKafkaClients.all(Kustomizations.projectRoot(), "sandbox", Map.of())) {
            service.everyClient().forEach((client, settings) -> assertThat(settings).as(client)
                    .doesNotContainKeys("security.protocol", "sasl.jaas.config", "ssl.truststore.location"));
        }
    }

    @Test
    void theComponentGivesEveryServiceTheBrokerTheClusterCaAndItsOwnUser() {
        List<ObjectNode> rendered = Kustomizations.render(Kustomizations.deployDirectory().resolve("src/test/resources/kafka-client-fixture"));
        List<ObjectNode> kafka = Kustomizations.render(Kustomizations.deployDirectory().resolve("base/kafka"));
        String cluster = Kustomizations.ofKind(kafka, "KafkaUser").get(0).path("metadata").path("labels").path("strimzi.io/cluster").asText();
        ObjectNode clientConfig = Kustomizations.ofKind(kafka, "ConfigMap").stream()
                .filter(c -> c.path("metadata").path("name").asText().equals("kafka-client")).findFirst().orElseThrow();

        for (ObjectNode deployment : Kustomizations.ofKind(rendered, "Deployment")) {
            String name = deployment.path("metadata").path("name").asText();
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            JsonNode container = pod.path("containers").get(0);
            if (name.equals("unrelated")) {
                assertThat(env(container, "KAFKA_BOOTSTRAP_SERVERS")).as("a Deployment outside the system").isEmpty();
                continue;
            }
            assertThat(env(container, "QUARKUS_LOG_LEVEL")).as("the Deployment's own env is kept").isPresent();

            JsonNode bootstrap = env(container, "KAFKA_BOOTSTRAP_SERVERS").orElseThrow().path("valueFrom").path("configMapKeyRef");
            assertThat(bootstrap.path("name").asText()).isEqualTo("kafka-client");
            assertThat(clientConfig.path("data").has(bootstrap.path("key").asText())).isTrue();

            JsonNode jaas = env(container, JAAS_VARIABLE).orElseThrow().path("valueFrom").path("secretKeyRef");
            assertThat(jaas.path("name").asText()).as("the Secret the User Operator writes for KafkaUser " + name).isEqualTo(name);
            assertThat(jaas.path("key").asText()).isEqualTo("sasl.jaas.config");

            JsonNode mount = StreamSupport.stream(container.path("volumeMounts").spliterator(), false)
                    .filter(m -> m.path("mountPath").asText().equals("/etc/kafka/cluster-ca")).findFirst().orElseThrow();
            JsonNode volume = StreamSupport.stream(pod.path("volumes").spliterator(), false)
                    .filter(v -> v.path("name").asText().equals(mount.path("name").asText())).findFirst().orElseThrow();
            assertThat(volume.path("secret").path("secretName").asText()).isEqualTo(cluster + "-cluster-ca-cert");
            assertThat(volume.path("secret").path("items").get(0).path("key").asText()).isEqualTo("ca.crt");
            assertThat(volume.path("secret").path("items").get(0).path("path").asText()).isEqualTo("ca.crt");
        }
        assertThat(Kustomizations.ofKind(rendered, "Deployment")).hasSize(7);
    }

    private static Optional<JsonNode> env(JsonNode container, String name) {
        return StreamSupport.stream(container.path("env").spliterator(), false).filter(e -> e.path("name").asText().equals(name)).findFirst();
    }
}
