package pw.fullstack.ephemeral.sandbox.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.contracts.envelope.LifecycleTopic;
import pw.fullstack.ephemeral.testkit.kafka.EmbeddedKafkaBroker;

class BrokerRefusingPublishesTest {

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaBroker(1, BrokerRefusingPublishes.BROKER_CONFIG).start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void everyPublishToTheLifecycleTopicIsRefusedUntilHealedWhileReadsGoOn() throws Exception {
        BrokerRefusingPublishes refusal = new BrokerRefusingPublishes(broker.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000),
                new StringSerializer(), new StringSerializer())) {
            send(producer); // the topic exists

            refusal.refuse();
            // The ACL reaches the broker's authorizer with its next metadata update: refused within moments.
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> refused(producer));
            assertThat(readsSomething()).as("consumers go on reading").isTrue();

            refusal.accept();
            assertThat(send(producer).offset()).isPositive();
        }
    }

    private static boolean readsSomething() {
        try (org.apache.kafka.clients.consumer.KafkaConsumer<String, String> consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(
                Map.of(org.apache.kafka.clients.consumer.ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                        org.apache.kafka.clients.consumer.ConsumerConfig.GROUP_ID_CONFIG, "reader-" + System.nanoTime(),
                        org.apache.kafka.clients.consumer.ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new org.apache.kafka.common.serialization.StringDeserializer(), new org.apache.kafka.common.serialization.StringDeserializer())) {
            consumer.subscribe(java.util.List.of(LifecycleTopic.NAME));
            long until = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() < until) {
                if (!consumer.poll(java.time.Duration.ofMillis(500)).isEmpty()) {
                    return true;
                }
            }
            return false;
        }
    }

    private static boolean refused(KafkaProducer<String, String> producer) throws Exception {
        try {
            send(producer);
            return false;
        } catch (ExecutionException e) {
            return e.getCause() instanceof org.apache.kafka.common.errors.TopicAuthorizationException;
        }
    }

    private static RecordMetadata send(KafkaProducer<String, String> producer) throws Exception {
        return producer.send(new ProducerRecord<>(LifecycleTopic.NAME, "pr-x-1", "{}")).get(10, TimeUnit.SECONDS);
    }
}
