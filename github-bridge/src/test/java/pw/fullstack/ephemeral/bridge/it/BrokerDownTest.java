package pw.fullstack.ephemeral.bridge.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static pw.fullstack.ephemeral.bridge.GitHubPayloads.bytes;
import static pw.fullstack.ephemeral.bridge.it.GitHubDeliveries.deliver;
import static pw.fullstack.ephemeral.bridge.it.GitHubDeliveries.newDeliveryId;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.bridge.GitHubPayloads;

/**
 * The broker is down (its address is a port nobody listens on): a delivery that should publish is
 * answered 503 within GitHub's 10 s, so GitHub shows it failed and it can be redelivered; nothing is
 * accepted and then lost. Deliveries that publish nothing are still answered.
 */
@QuarkusTest
@TestProfile(BrokerDownTest.NoBroker.class)
class BrokerDownTest {

    /** GitHub gives up on a delivery after 10 s. */
    private static final long GITHUB_TIMEOUT_MS = 10_000;

    public static class NoBroker implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kafka.bootstrap.servers", "127.0.0.1:" + closedPort(),
                    "bridge.publish-timeout", "2s");
        }

        private static int closedPort() {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The management interface (health, metrics, {@code /deliveries}): a port of its own, random in tests. */
    @TestHTTPResource(value = "/", management = true)
    URL managementUrl;

    @Test
    void aDeliveryThatShouldPublishIsAnswered503WellWithinGitHubsTimeout() {
        Response response = deliver("pull_request", newDeliveryId(),
                bytes(GitHubPayloads.pullRequest("opened", "fullstack-pw/cks-backend", 77)));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.<String>path("outcome")).isEqualTo("unavailable");
        assertThat(response.timeIn(java.util.concurrent.TimeUnit.MILLISECONDS)).isLessThan(GITHUB_TIMEOUT_MS);
        assertThat(management().get("/q/metrics").then().extract().asString())
                .contains("bridge_deliveries_total{event=\"pull_request\",outcome=\"unavailable\"} 1.0");
    }

    @Test
    void deliveriesThatPublishNothingAreStillAnswered() {
        deliver("ping", newDeliveryId(), GitHubPayloads.raw("ping.payload.json")).then().statusCode(200)
                .body("outcome", equalTo("pong"));
        deliver("pull_request", newDeliveryId(), bytes(GitHubPayloads.pullRequest("assigned", "fullstack-pw/cks-backend", 77)))
                .then().statusCode(204);
    }

    @Test
    void notReadySoTheLoadBalancerStopsSendingDeliveries() {
        management().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
    }

    private RequestSpecification management() {
        return given().port(managementUrl.getPort());
    }
}
