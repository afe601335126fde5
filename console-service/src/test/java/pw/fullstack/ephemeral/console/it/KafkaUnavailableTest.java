package pw.fullstack.ephemeral.console.it;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.ServerSocket;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Without a broker the console is not ready, and says why: a page that shows nothing must not look like "no PRs". */
@QuarkusTest
@TestProfile(KafkaUnavailableTest.NoBroker.class)
class KafkaUnavailableTest {

    public static class NoBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kafka.bootstrap.servers", "127.0.0.1:" + closedPort(), "console.request-timeout", "1S",
                    "console.allocator-url", "http://127.0.0.1:" + closedPort(),
                    "console.reaper-url", "http://127.0.0.1:" + closedPort());
        }
    }

    @TestHTTPResource(value = "/", management = true)
    URL managementUrl;

    @Test
    void isNotReadyAndSaysKafkaIsUnavailable() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().baseUri("http://localhost")
                .port(managementUrl.getPort()).get("/q/health/ready").then().statusCode(503)
                .body(containsString("Kafka unavailable")));
        given().baseUri("http://localhost").port(managementUrl.getPort()).get("/").then().statusCode(200)
                .body(containsString("not ready")).body(containsString("Kafka unavailable"))
                .body(containsString("The pool is unknown"));
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
