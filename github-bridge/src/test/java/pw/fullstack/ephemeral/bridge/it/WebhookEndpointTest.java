package pw.fullstack.ephemeral.bridge.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static pw.fullstack.ephemeral.bridge.GitHubPayloads.bytes;
import static pw.fullstack.ephemeral.bridge.GitHubPayloads.head;
import static pw.fullstack.ephemeral.bridge.GitHubPayloads.pr;
import static pw.fullstack.ephemeral.bridge.it.GitHubDeliveries.deliver;
import static pw.fullstack.ephemeral.bridge.it.GitHubDeliveries.newDeliveryId;
import static pw.fullstack.ephemeral.bridge.it.GitHubDeliveries.request;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.bridge.GitHubPayloads;
import pw.fullstack.ephemeral.bridge.github.WebhookSignature;
import pw.fullstack.ephemeral.bridge.translation.DeliveryIds;
import pw.fullstack.ephemeral.bridge.webhook.WebhookResource;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.EventType;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.contracts.events.PrClosed;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.contracts.events.PrUpdated;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;
import pw.fullstack.ephemeral.testkit.kafka.KafkaBrokerResource;

/**
 * The bridge as deployed, on a real (embedded KRaft) broker: GitHub's example deliveries signed with
 * the test profile's secrets, and what lands on the lifecycle topic. Each test uses PRs of its own
 * ({@code fullstack-pw/cks-backend#<n>}), so it reads only its clusters' records.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class WebhookEndpointTest {

    private static final String REPOSITORY = "fullstack-pw/cks-backend";
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final AtomicInteger NUMBERS = new AtomicInteger(4200);
    private static LifecycleTopicReader topic;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @BeforeEach
    void readTheTopic() {
        if (topic == null) {
            topic = new LifecycleTopicReader(bootstrap);
        }
    }

    @AfterAll
    static void stopReading() {
        if (topic != null) {
            topic.close();
            topic = null;
        }
    }

    @Test
    void aSignedOpenedDeliveryIsOnTheTopicWhenTheAnswerComesWithTheIdDerivedFromTheDelivery() {
        int number = NUMBERS.incrementAndGet();
        String delivery = newDeliveryId();
        String expectedId = DeliveryIds.eventId(delivery, EventType.PR_OPENED);

        deliver("pull_request", delivery, bytes(GitHubPayloads.pullRequest("opened", REPOSITORY, number)))
                .then().statusCode(200)
                .body("outcome", equalTo("published"))
                .body("event", equalTo("PrOpened"))
                .body("id", equalTo(expectedId))
                .body("cluster", equalTo("pr-cksbackend-" + number));

        EventEnvelope<LifecycleEvent> published = awaitOne(number);
        assertThat(published.id()).isEqualTo(expectedId);
        assertThat(published.correlationId()).isEqualTo(expectedId);
        assertThat(published.source().toString()).isEqualTo("/ephemeral-clusters/github-bridge");
        PrOpened opened = (PrOpened) published.data();
        assertThat(opened.pullRequest()).isEqualTo(PullRequestRef.of(REPOSITORY, number));
        assertThat(opened.openedAt()).as("GitHub's created_at").isEqualTo(Instant.parse("2019-05-15T15:20:33Z"));
        assertThat(opened.branch().value()).isEqualTo("changes");
        assertThat(opened.headSha().value()).isEqualTo("ec26c3e57ca3a959ca5aad62de7213c562f8c821");
    }

    @Test
    void aRedeliveryOfAPublishedDeliveryIsAnswered200AndPublishesNothing() {
        int number = NUMBERS.incrementAndGet();
        String delivery = newDeliveryId();
        byte[] body = bytes(GitHubPayloads.pullRequest("opened", REPOSITORY, number));
        String pushed = newDeliveryId();

        String first = deliver("pull_request", delivery, body).then().statusCode(200)
                .body("outcome", equalTo("published")).extract().path("id");
        deliver("pull_request", delivery, body).then().statusCode(200)
                .body("outcome", equalTo("duplicate"))
                .body("event", equalTo("PrOpened"))
                .body("id", equalTo(first))
                .body("cluster", equalTo("pr-cksbackend-" + number));
        deliver("pull_request", pushed, bytes(GitHubPayloads.pullRequest("synchronize", REPOSITORY, number)))
                .then().statusCode(200);

        // Same key, same partition, same producer: a second PrOpened would be read before the PrUpdated.
        await().atMost(PATIENCE).until(() -> records(number).size() >= 2);
        assertThat(records(number)).extracting(EventEnvelope::id)
                .containsExactly(first, DeliveryIds.eventId(pushed, EventType.PR_UPDATED));
    }

    @Test
    void closedAndSynchronizeArePublishedAboutThePrWithGitHubsTimes() {
        int number = NUMBERS.incrementAndGet();
        ObjectNode closed = GitHubPayloads.pullRequest("closed", REPOSITORY, number);
        pr(closed).put("merged", true);
        ObjectNode pushed = GitHubPayloads.pullRequest("synchronize", REPOSITORY, number);
        head(pushed).put("sha", "89abcdef0123456789abcdef0123456789abcdef");
        pr(pushed).put("updated_at", "2019-05-15T15:21:00Z");

        deliver("pull_request", newDeliveryId(), bytes(pushed)).then().statusCode(200).body("event", equalTo("PrUpdated"));
        deliver("pull_request", newDeliveryId(), bytes(closed)).then().statusCode(200).body("event", equalTo("PrClosed"));

        await().atMost(PATIENCE).until(() -> records(number).size() == 2);
        PrUpdated updated = (PrUpdated) records(number).get(0).data();
        PrClosed prClosed = (PrClosed) records(number).get(1).data();
        assertThat(updated.headSha().value()).isEqualTo("89abcdef0123456789abcdef0123456789abcdef");
        assertThat(updated.updatedAt()).isEqualTo(Instant.parse("2019-05-15T15:21:00Z"));
        assertThat(prClosed.closedAt()).isEqualTo(Instant.parse("2019-05-15T15:21:18Z"));
        assertThat(prClosed.merged()).isTrue();
        assertThat(records(number)).allSatisfy(e -> assertThat(e.correlationId()).isEqualTo(e.id()));
    }

    @Test
    void aPrOpenedWithThePostgresLabelOrLabelledWhileOpenAsksForPostgres() {
        int number = NUMBERS.incrementAndGet();
        ObjectNode opened = GitHubPayloads.pullRequest("opened", REPOSITORY, number);
        pr(opened).putArray("labels").addObject().put("name", "ephemeral-postgres");
        int other = NUMBERS.incrementAndGet();
        ObjectNode labeled = GitHubPayloads.pullRequest("labeled", REPOSITORY, other);
        ((ObjectNode) labeled.get("label")).put("name", "ephemeral-postgres");
        pr(labeled).putArray("labels").addObject().put("name", "ephemeral-postgres");

        deliver("pull_request", newDeliveryId(), bytes(opened)).then().statusCode(200).body("event", equalTo("PrOpened"));
        deliver("pull_request", newDeliveryId(), bytes(labeled)).then().statusCode(200).body("event", equalTo("PrOpened"));

        assertThat(((PrOpened) awaitOne(number).data()).options().installPostgres()).isTrue();
        assertThat(((PrOpened) awaitOne(other).data()).options().installPostgres()).isTrue();
    }

    @Test
    void theSeedsDispatchOpensAtTheTimeTheBridgeReceivedIt() {
        int number = NUMBERS.incrementAndGet();
        ObjectNode dispatch = GitHubPayloads.repositoryDispatch();
        dispatch.put("action", "create_ephemeral_cluster");
        ((ObjectNode) dispatch.get("repository")).put("full_name", "fullstack-pw/infra");
        ((ObjectNode) dispatch.get("repository").get("owner")).put("login", "fullstack-pw");
        dispatch.putObject("client_payload").put("pr_number", Integer.toString(number))
                .put("repository", "cks-backend").put("branch", "feature/login-form");

        Instant before = Instant.now();
        deliver("repository_dispatch", newDeliveryId(), bytes(dispatch)).then().statusCode(200);
        Instant after = Instant.now();

        PrOpened opened = (PrOpened) awaitOne(number).data();
        assertThat(opened.pullRequest()).isEqualTo(PullRequestRef.of(REPOSITORY, number));
        assertThat(opened.headSha()).isNull();
        assertThat(opened.openedAt()).isBetween(before.minusMillis(1), after);
    }

    /** The seed's application workflows close with delete_ephemeral_cluster; its design says destroy_: both close. */
    @Test
    void bothOfTheSeedsCloseDispatchNamesCloseThePr() {
        int number = NUMBERS.incrementAndGet();
        for (String type : java.util.List.of("delete_ephemeral_cluster", "destroy_ephemeral_cluster")) {
            ObjectNode dispatch = GitHubPayloads.repositoryDispatch();
            dispatch.put("action", type);
            ((ObjectNode) dispatch.get("repository")).put("full_name", "fullstack-pw/infra");
            ((ObjectNode) dispatch.get("repository").get("owner")).put("login", "fullstack-pw");
            dispatch.putObject("client_payload").put("pr_number", Integer.toString(number)).put("repository", "cks-backend");

            deliver("repository_dispatch", newDeliveryId(), bytes(dispatch)).then().statusCode(200)
                    .body("event", equalTo("PrClosed"));
        }

        await().atMost(PATIENCE).until(() -> records(number).size() == 2);
        assertThat(records(number)).allSatisfy(e -> assertThat(e.data()).isInstanceOf(PrClosed.class));
    }

    @Test
    void aDeliveryWithAMissingOrWrongSignatureIsRefusedAndPublishesNothing() {
        int number = NUMBERS.incrementAndGet();
        byte[] body = bytes(GitHubPayloads.pullRequest("opened", REPOSITORY, number));

        request("pull_request", newDeliveryId(), body).post("/github/webhook").then().statusCode(401)
                .body("outcome", equalTo("unauthorized"));
        request("pull_request", newDeliveryId(), body)
                .header(WebhookSignature.HEADER, WebhookSignature.sign("a guessed secret", body))
                .post("/github/webhook").then().statusCode(401);
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("\"changes\"", "\"main\"").getBytes(StandardCharsets.UTF_8);
        request("pull_request", newDeliveryId(), tampered).header(WebhookSignature.HEADER, WebhookSignature.sign(
                GitHubDeliveries.SECRET, body)).post("/github/webhook").then().statusCode(401);

        assertOnlyTheNextGoodDeliveryIsPublished(number);
    }

    @Test
    void eitherSecretOfARotationIsAccepted() {
        int number = NUMBERS.incrementAndGet();
        byte[] body = bytes(GitHubPayloads.pullRequest("opened", REPOSITORY, number));

        request("pull_request", newDeliveryId(), body)
                .header(WebhookSignature.HEADER, WebhookSignature.sign(GitHubDeliveries.ROTATED_SECRET, body))
                .post("/github/webhook").then().statusCode(200);
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413BeforeItIsRead() {
        int number = NUMBERS.incrementAndGet();
        ObjectNode huge = GitHubPayloads.pullRequest("opened", REPOSITORY, number);
        pr(huge).put("body", "x".repeat(70 * 1024));

        Response response = deliver("pull_request", newDeliveryId(), bytes(huge));

        assertThat(response.statusCode()).isEqualTo(413);
        assertOnlyTheNextGoodDeliveryIsPublished(number);
    }

    @Test
    void malformedJsonAndInvalidValuesAre400WithAReasonThatQuotesNothingRaw() {
        int number = NUMBERS.incrementAndGet();
        ObjectNode hostile = GitHubPayloads.pullRequest("opened", REPOSITORY, number);
        head(hostile).put("ref", "feat/<img src=x onerror=alert(1)>\n");

        deliver("pull_request", newDeliveryId(), "{\"action\": \"opened\",".getBytes(StandardCharsets.UTF_8))
                .then().statusCode(400).body("outcome", equalTo("invalid")).body("message", equalTo("body: is not valid JSON"));
        deliver("pull_request", newDeliveryId(), new byte[0])
                .then().statusCode(400).body("message", equalTo("body: is empty"));
        String message = deliver("pull_request", newDeliveryId(), bytes(hostile))
                .then().statusCode(400).extract().path("message");

        assertThat(message).startsWith("branch: \"feat/<img src=x onerror=alert(1)>\\u000a\"").doesNotContain("\n");
        assertOnlyTheNextGoodDeliveryIsPublished(number);
    }

    @Test
    void deliveriesWithoutGitHubsHeadersOrNotInJsonAreRefused() {
        byte[] body = bytes(GitHubPayloads.pullRequest("opened"));

        request("pull_request", null, body).header(WebhookSignature.HEADER, WebhookSignature.sign(GitHubDeliveries.SECRET, body))
                .post("/github/webhook").then().statusCode(400).body("message", equalTo("X-GitHub-Delivery: is required"));
        byte[] form = ("payload=" + java.net.URLEncoder.encode(new String(body, StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
        given().config(RestAssured.config().encoderConfig(EncoderConfig.encoderConfig()
                        .encodeContentTypeAs("application/x-www-form-urlencoded", ContentType.TEXT)))
                .contentType("application/x-www-form-urlencoded").body(form).header("X-GitHub-Event", "pull_request")
                .header("X-GitHub-Delivery", newDeliveryId())
                .header(WebhookSignature.HEADER, WebhookSignature.sign(GitHubDeliveries.SECRET, form))
                .post("/github/webhook").then().statusCode(415).body("outcome", equalTo("unsupported-media-type"));
    }

    @Test
    void eventsAndActionsTheBridgeDoesNotActOnAre204WithTheReason() {
        int number = NUMBERS.incrementAndGet();

        deliver("issues", newDeliveryId(), "{\"action\": \"opened\"}".getBytes(StandardCharsets.UTF_8))
                .then().statusCode(204).header(WebhookResource.OUTCOME_HEADER, equalTo("ignored: event issues not handled"));
        deliver("pull_request", newDeliveryId(), bytes(GitHubPayloads.pullRequest("assigned", REPOSITORY, number)))
                .then().statusCode(204).header(WebhookResource.OUTCOME_HEADER, equalTo("ignored: action not handled"));
        deliver("pull_request", newDeliveryId(), bytes(GitHubPayloads.pullRequest("opened", "someone/else", number)))
                .then().statusCode(204).header(WebhookResource.OUTCOME_HEADER, startsWith("ignored: repository not in"));

        assertOnlyTheNextGoodDeliveryIsPublished(number);
    }

    @Test
    void everyDocumentedPullRequestExampleIsAnsweredAsItsActionSaysAndOnlyTheSagasOnesArePublished() {
        Map<String, EventType> published = Map.of("opened", EventType.PR_OPENED, "reopened", EventType.PR_OPENED,
                "ready_for_review", EventType.PR_OPENED, "closed", EventType.PR_CLOSED, "synchronize", EventType.PR_UPDATED);
        for (GitHubPayloads.Example example : GitHubPayloads.examples("pull_request")) {
            int number = NUMBERS.incrementAndGet();
            String delivery = newDeliveryId();
            EventType expected = published.get(example.action());

            Response reply = deliver("pull_request", delivery, bytes(GitHubPayloads.moved(example.payload(), REPOSITORY, number)));

            if (expected != null) {
                reply.then().statusCode(200).body("outcome", equalTo("published"));
                assertThat(awaitOne(number).id()).as(example.toString()).isEqualTo(DeliveryIds.eventId(delivery, expected));
            } else {
                reply.then().statusCode(204);
                assertOnlyTheNextGoodDeliveryIsPublished(number);
            }
        }
    }

    @Test
    void everyDocumentedPingAndDispatchExampleIsAnsweredWithoutPublishing() {
        for (GitHubPayloads.Example example : GitHubPayloads.examples("ping")) {
            deliver("ping", newDeliveryId(), bytes(example.payload())).then().statusCode(200).body("outcome", equalTo("pong"));
        }
        for (GitHubPayloads.Example example : GitHubPayloads.examples("repository_dispatch")) {
            deliver("repository_dispatch", newDeliveryId(), bytes(example.payload())).then().statusCode(204)
                    .header(WebhookResource.OUTCOME_HEADER, startsWith("ignored: dispatch event type not handled"));
        }
    }

    @Test
    void aPingIsAnswered() {
        deliver("ping", newDeliveryId(), GitHubPayloads.raw("ping.payload.json")).then().statusCode(200)
                .body("outcome", equalTo("pong"));
    }

    @Test
    void metricsCountDeliveriesByOutcomeAndTheListingShowsThem() {
        double before = deliveries("published");
        String delivery = newDeliveryId();
        int number = NUMBERS.incrementAndGet();

        deliver("pull_request", delivery, bytes(GitHubPayloads.pullRequest("opened", REPOSITORY, number))).then().statusCode(200);

        assertThat(deliveries("published")).isEqualTo(before + 1);
        List<String> outcomes = given().get("/deliveries").then().statusCode(200).extract()
                .path("findAll { it.deliveryId == '" + delivery + "' }.outcome");
        assertThat(outcomes).containsExactly("published");
        assertThat(given().get("/deliveries").then().extract().<String>path("[0].cluster")).isEqualTo("pr-cksbackend-" + number);
    }

    @Test
    void readyWhileTheBrokerAnswers() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    /** Sends a good opened delivery for the PR and checks it is the only record of its cluster. */
    private void assertOnlyTheNextGoodDeliveryIsPublished(int number) {
        String delivery = newDeliveryId();
        deliver("pull_request", delivery, bytes(GitHubPayloads.pullRequest("opened", REPOSITORY, number))).then().statusCode(200);
        // Same key, same partition, same producer: anything published before would be read first.
        EventEnvelope<LifecycleEvent> only = awaitOne(number);
        assertThat(only.id()).isEqualTo(DeliveryIds.eventId(delivery, EventType.PR_OPENED));
    }

    private EventEnvelope<LifecycleEvent> awaitOne(int number) {
        await().atMost(PATIENCE).until(() -> !records(number).isEmpty());
        List<EventEnvelope<LifecycleEvent>> records = records(number);
        assertThat(records).hasSize(1);
        return records.get(0);
    }

    private static List<EventEnvelope<LifecycleEvent>> records(int number) {
        String cluster = ClusterNaming.defaults().clusterName(PullRequestRef.of(REPOSITORY, number)).value();
        return topic.forCluster(cluster).stream().map(LifecycleTopicReader.Published::envelope).toList();
    }

    private static double deliveries(String outcome) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(l -> l.startsWith("bridge_deliveries_total{") && l.contains("outcome=\"" + outcome + "\"")
                        && l.contains("event=\"pull_request\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
