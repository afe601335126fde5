package pw.fullstack.ephemeral.bridge.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.bridge.GitHubPayloads;
import pw.fullstack.ephemeral.bridge.redelivery.RedeliveryPass;
import pw.fullstack.ephemeral.bridge.redelivery.RedeliverySetup;
import pw.fullstack.ephemeral.bridge.translation.DeliveryIds;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.envelope.LifecycleTopic;
import pw.fullstack.ephemeral.contracts.events.EventType;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;
import pw.fullstack.ephemeral.testkit.github.GitHubDouble;
import pw.fullstack.ephemeral.testkit.github.GitHubDoubleResource;
import pw.fullstack.ephemeral.testkit.github.HookDelivery;
import pw.fullstack.ephemeral.testkit.github.InjectGitHubDouble;
import pw.fullstack.ephemeral.testkit.github.RecordedRequest;
import pw.fullstack.ephemeral.testkit.github.Webhook;
import pw.fullstack.ephemeral.testkit.kafka.KafkaBrokerResource;

/**
 * A delivery lost while the broker refused publishes: the GitHub App's webhook (the GitHub double)
 * delivers to the bridge as deployed, the bridge answers 503, and GitHub would never try again. The
 * redelivery pass, as the App, finds it in GitHub's log and asks for it; the event is published once,
 * and the next pass asks for nothing.
 */
@QuarkusTest
@TestProfile(MissedDeliveriesTest.AsTheGitHubApp.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(GitHubDoubleResource.class)
class MissedDeliveriesTest {

    private static final String REPOSITORY = "fullstack-pw/cks-backend";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /** The pass as the test's GitHub App. */
    public static class AsTheGitHubApp implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "bridge.redelivery.api-url", "${testkit.github.url}",
                    "bridge.redelivery.app.id", "${testkit.github.app-id}",
                    "bridge.redelivery.app.private-key", "${testkit.github.private-key}",
                    // The test runs the passes itself.
                    "bridge.redelivery.interval", "1h");
        }
    }

    @InjectGitHubDouble
    GitHubDouble github;

    @Inject
    RedeliverySetup redelivery;

    @TestHTTPResource("/github/webhook")
    URI webhook;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aCloseLostWhileTheBrokerRefusedIsRedeliveredByThePassPublishedOnceAndNotAskedForAgain() {
        try (LifecycleTopicReader topic = new LifecycleTopicReader(bootstrap)) {
            aCloseLostWhileTheBrokerRefused(topic);
        }
    }

    private void aCloseLostWhileTheBrokerRefused(LifecycleTopicReader topic) {
        Webhook hook = github.appWebhook(webhook, GitHubDeliveries.SECRET);
        int number = 9100;
        HookDelivery opened = github.deliver(hook, "pull_request", json(GitHubPayloads.pullRequest("opened", REPOSITORY, number)));
        assertThat(opened.statusCode()).isEqualTo(200);
        await().atMost(PATIENCE).until(() -> records(topic, number).size() == 1);

        HookDelivery lost;
        brokerRefusesRecords(true);
        try {
            lost = github.deliver(hook, "pull_request", json(GitHubPayloads.pullRequest("closed", REPOSITORY, number)));
        } finally {
            brokerRefusesRecords(false);
        }
        assertThat(lost.statusCode()).isEqualTo(503);
        assertThat(lost.responseBody()).contains("\"outcome\":\"unavailable\"");

        RedeliveryPass pass = redelivery.pass().orElseThrow();
        RedeliveryPass.Result first = pass.run();
        assertThat(first.outcome()).isEqualTo(RedeliveryPass.Outcome.SUCCEEDED);
        assertThat(first.requested()).containsExactly(lost.id());
        await().atMost(PATIENCE).until(() -> github.hookDeliveries(hook).size() == 3);
        HookDelivery redelivered = github.hookDeliveries(hook).get(2);
        assertThat(redelivered.guid()).isEqualTo(lost.guid());
        assertThat(redelivered.redelivery()).isTrue();
        assertThat(redelivered.statusCode()).isEqualTo(200);

        RedeliveryPass.Result second = pass.run();
        assertThat(second.outcome()).isEqualTo(RedeliveryPass.Outcome.SUCCEEDED);
        assertThat(second.listed()).as("the second pass read GitHub's log").isEqualTo(3);
        assertThat(second.requested()).isEmpty();
        assertThat(github.requests()).filteredOn(r -> r.method().equals("POST") && r.path().endsWith("/attempts"))
                .extracting(RecordedRequest::path).containsExactly("/app/hook/deliveries/" + lost.id() + "/attempts");

        // A later event of the same PR, same key and partition: once it is read, anything before it was too.
        HookDelivery pushed = github.deliver(hook, "pull_request", json(GitHubPayloads.pullRequest("synchronize", REPOSITORY, number)));
        await().atMost(PATIENCE).until(() -> records(topic, number).size() >= 3);
        assertThat(records(topic, number)).extracting(EventEnvelope::id).containsExactly(
                DeliveryIds.eventId(opened.guid(), EventType.PR_OPENED),
                DeliveryIds.eventId(lost.guid(), EventType.PR_CLOSED),
                DeliveryIds.eventId(pushed.guid(), EventType.PR_UPDATED));

        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'github-redelivery' }.data.lastOutcome", equalTo("succeeded"));
        assertThat(given().get("/q/metrics").then().extract().asString())
                .contains("bridge_redelivery_requests_total{result=\"accepted\"} 1.0")
                .contains("bridge_redelivery_passes_total{outcome=\"succeeded\"} 2.0");
    }

    private static String json(ObjectNode payload) {
        return new String(GitHubPayloads.bytes(payload), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static List<EventEnvelope<LifecycleEvent>> records(LifecycleTopicReader topic, int number) {
        String cluster = ClusterNaming.defaults().clusterName(PullRequestRef.of(REPOSITORY, number)).value();
        return topic.forCluster(cluster).stream().map(LifecycleTopicReader.Published::envelope).toList();
    }

    /**
     * The broker refuses every record of the lifecycle topic ({@code max.message.bytes=0}: RECORD_TOO_LARGE)
     * while it stays up, or takes them again (the setting removed). A {@code min.insync.replicas} above
     * the replication factor does not refuse anything on Kafka 4.1 (eligible leader replicas).
     */
    private void brokerRefusesRecords(boolean refuse) {
        ConfigResource lifecycle = new ConfigResource(ConfigResource.Type.TOPIC, LifecycleTopic.NAME);
        AlterConfigOp change = refuse ? new AlterConfigOp(new ConfigEntry("max.message.bytes", "0"), AlterConfigOp.OpType.SET)
                : new AlterConfigOp(new ConfigEntry("max.message.bytes", ""), AlterConfigOp.OpType.DELETE);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.incrementalAlterConfigs(Map.of(lifecycle, List.of(change))).all().get(30, TimeUnit.SECONDS);
            // The controller has it; the (only) broker applies it a moment later.
            await().atMost(PATIENCE).until(() -> refuse == "0".equals(admin.describeConfigs(List.of(lifecycle)).all()
                    .get(30, TimeUnit.SECONDS).get(lifecycle).get("max.message.bytes").value()));
        } catch (Exception e) {
            throw new IllegalStateException("could not change max.message.bytes of " + LifecycleTopic.NAME, e);
        }
    }
}
