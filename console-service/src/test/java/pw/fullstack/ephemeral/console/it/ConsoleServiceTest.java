package pw.fullstack.ephemeral.console.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import pw.fullstack.ephemeral.console.readmodel.Saga;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.envelope.LifecycleRecordCodec;
import pw.fullstack.ephemeral.contracts.envelope.LifecycleTopic;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.testkit.http.ManagementPortSplit;
import pw.fullstack.ephemeral.testkit.kafka.KafkaBrokerResource;

/** The console as a service: a broker with the lifecycle topic, the allocator's and reaper's listings stood in. */
@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = true,
        initArgs = @io.quarkus.test.common.ResourceArg(name = KafkaBrokerResource.SHARED_ARG, value = "false"))
@QuarkusTestResource(value = OpsStandIn.class, restrictToAnnotatedClass = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleServiceTest {

    private static final Duration EVENTUALLY = Duration.ofSeconds(30);

    @TestHTTPResource(value = "/", management = true)
    URL managementUrl;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private KafkaProducer<String, byte[]> producer;

    @BeforeAll
    void createTopicAndProducer() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(LifecycleTopic.NAME, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    void closeProducer() {
        producer.close();
    }

    @Test
    void isReadyOnceTheTopicIsReadAndServesItsPagesOnlyOnTheManagementPort() {
        await().atMost(EVENTUALLY).untilAsserted(() -> management().get("/q/health/ready").then().statusCode(200));
        ManagementPortSplit.assertServedOnlyByTheManagementPort(RestAssured.port, managementUrl.getPort(), "/",
                "/console.js", "/console.css");
    }

    @Test
    void showsAnEnvironmentAndItsTimelineFromTheTopic() throws Exception {
        Saga saga = new Saga("fullstack-pw/demo-apps", 41, Instant.now().minusSeconds(100));
        publish(saga.opened);
        publish(saga.allocated(Instant.now().minusSeconds(99), "10.0.0.1", "10.0.0.2"));
        publish(saga.clusterReady(Instant.now().minusSeconds(60), "10.0.0.1", "10.0.0.2"));
        publish(saga.installed(Instant.now().minusSeconds(30)));

        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(management().get("/").then().statusCode(200)
                .extract().asString()).contains("fullstack-pw/demo-apps#41").contains("READY")
                .contains("https://" + saga.cluster.value() + ".ephemeral.fullstack.pw"));
        String timeline = management().get("/timeline/" + saga.cluster.value()).then().statusCode(200).extract().asString();
        assertThat(timeline).contains("Timeline of fullstack-pw/demo-apps#41")
                .contains("PrOpened").contains("IpAllocated").contains("ClusterReady").contains("PhasesInstalled")
                .doesNotContain(Saga.KUBECONFIG.path()).doesNotContain(":6443");
        management().get("/timeline/no-such-cluster").then().statusCode(404);
    }

    @Test
    void filtersByRepositoryAndState() {
        Saga other = new Saga("fullstack-pw/cks-backend", 42, Instant.now().minusSeconds(10));
        publish(other.opened);
        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(management().get("/").then().extract().asString())
                .contains("fullstack-pw/cks-backend#42"));

        String filtered = management().queryParam("repository", "fullstack-pw/demo-apps").get("/").then().statusCode(200)
                .extract().asString();
        assertThat(filtered).doesNotContain("fullstack-pw/cks-backend#42");
        String opened = management().queryParam("state", "OPENED").get("/").then().extract().asString();
        assertThat(opened).contains("fullstack-pw/cks-backend#42").doesNotContain("data-state=\"READY\"");
    }

    @Test
    void showsThePoolAsTheAllocatorHoldsIt() {
        OpsStandIn.pool = "{\"total\":4,\"free\":3,\"addressesPerCluster\":2,\"ranges\":[\"10.0.0.1-10.0.0.8\"],\"excluded\":[],"
                + "\"allocations\":[{\"cluster\":\"demo-apps-pr-7\",\"addresses\":[\"10.0.0.1\",\"10.0.0.2\"],"
                + "\"since\":\"2026-12-06T10:00:00Z\",\"pr\":\"fullstack-pw/demo-apps#7\",\"saga\":\"0f1e2d3c-aaaa\"}],"
                + "\"queue\":[{\"position\":1,\"cluster\":\"demo-apps-pr-9\",\"pr\":\"fullstack-pw/demo-apps#9\","
                + "\"queuedAt\":\"2026-12-06T10:01:00Z\",\"saga\":\"1234\"}]}";

        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(management().get("/").then().extract().asString())
                .contains("<strong>3</strong> of 4 blocks free").contains("10.0.0.1, 10.0.0.2")
                .contains("fullstack-pw/demo-apps#7").contains("fullstack-pw/demo-apps#9"));
    }

    @Test
    void pushesAChangedPartOverServerSentEvents() throws Exception {
        await().atMost(EVENTUALLY).untilAsserted(() -> management().get("/q/health/ready").then().statusCode(200));
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + managementUrl.getPort() + "/events")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (java.io.IOException closed) {
                // the test is over
            }
        });
        reader.setDaemon(true);
        reader.start();
        // the current parts first
        await().atMost(EVENTUALLY).until(() -> lines.contains("event: environments") && lines.contains("event: pool"));
        int before = lines.size();

        Saga saga = new Saga("fullstack-pw/demo-apps", 43, Instant.now());
        publish(saga.opened);

        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(lines.subList(before, lines.size()))
                .contains("event: environments").anyMatch(l -> l.startsWith("data: ") && l.contains("fullstack-pw/demo-apps#43")));
        response.body().close();
    }

    @Test
    void changesNothing() {
        management().post("/").then().statusCode(org.hamcrest.Matchers.anyOf(org.hamcrest.Matchers.is(404), org.hamcrest.Matchers.is(405)));
        management().delete("/timeline/x").then().statusCode(org.hamcrest.Matchers.anyOf(org.hamcrest.Matchers.is(404), org.hamcrest.Matchers.is(405)));
    }

    private void publish(EventEnvelope<LifecycleEvent> envelope) {
        try {
            producer.send(LifecycleRecordCodec.encode(envelope)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private RequestSpecification management() {
        return given().baseUri("http://localhost").port(managementUrl.getPort());
    }
}
