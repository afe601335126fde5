package pw.fullstack.ephemeral.bridge.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static pw.fullstack.ephemeral.bridge.GitHubPayloads.bytes;
import static pw.fullstack.ephemeral.bridge.it.GitHubDeliveries.deliver;
import static pw.fullstack.ephemeral.bridge.it.GitHubDeliveries.newDeliveryId;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.bridge.GitHubPayloads;
import pw.fullstack.ephemeral.bridge.translation.DeliveryIds;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.EventType;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;
import pw.fullstack.ephemeral.testkit.kafka.KafkaBrokerResource;

/**
 * The producer keeps trying after the bridge has answered 503 (here: it holds every record 3 s, the
 * bridge waits 1 s), so the event reaches the broker after all. The instance remembers it: the
 * listing says so, and the delivery's redelivery publishes nothing.
 */
@QuarkusTest
@TestProfile(LateAcknowledgementTest.SlowProducer.class)
@WithTestResource(KafkaBrokerResource.class)
class LateAcknowledgementTest {

    private static final String REPOSITORY = "fullstack-pw/cks-backend";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    public static class SlowProducer implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bridge.publish-timeout", "1s",
                    "mp.messaging.outgoing.lifecycle-out.linger.ms", "3000");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void anEventAcknowledgedAfterThe503IsListedAsPublishedAndItsRedeliveryPublishesNothing() {
        int number = 9300;
        String delivery = newDeliveryId();
        byte[] opened = bytes(GitHubPayloads.pullRequest("opened", REPOSITORY, number));
        String pushed = newDeliveryId();
        String cluster = ClusterNaming.defaults().clusterName(PullRequestRef.of(REPOSITORY, number)).value();

        try (LifecycleTopicReader topic = new LifecycleTopicReader(bootstrap)) {
            deliver("pull_request", delivery, opened).then().statusCode(503).body("outcome", equalTo("unavailable"));
            await().atMost(PATIENCE).until(() -> acknowledgedLate(delivery));

            deliver("pull_request", delivery, opened).then().statusCode(200)
                    .body("outcome", equalTo("duplicate"))
                    .body("id", equalTo(DeliveryIds.eventId(delivery, EventType.PR_OPENED)));

            // A later event of the PR, same key and partition: once it is read, anything before it was too.
            deliver("pull_request", pushed, bytes(GitHubPayloads.pullRequest("synchronize", REPOSITORY, number)));
            await().atMost(PATIENCE).until(() -> topic.forCluster(cluster).size() >= 2);
            assertThat(topic.forCluster(cluster)).extracting(p -> p.envelope()).extracting(EventEnvelope::id).containsExactly(
                    DeliveryIds.eventId(delivery, EventType.PR_OPENED), DeliveryIds.eventId(pushed, EventType.PR_UPDATED));
        }
    }

    private static boolean acknowledgedLate(String delivery) {
        List<Boolean> late = given().get("/deliveries").then().statusCode(200).extract()
                .path("findAll { it.deliveryId == '" + delivery + "' }.acknowledgedLate");
        return late.contains(true);
    }
}
