package pw.fullstack.ephemeral.bridge.redelivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.bridge.webhook.PublishedDeliveries;
import pw.fullstack.ephemeral.testkit.github.GitHubAppKey;
import pw.fullstack.ephemeral.testkit.github.GitHubDouble;
import pw.fullstack.ephemeral.testkit.github.HookDelivery;
import pw.fullstack.ephemeral.testkit.github.RecordedRequest;
import pw.fullstack.ephemeral.testkit.github.Webhook;
import pw.fullstack.ephemeral.testkit.github.WebhookReceiver;

/**
 * The pass against the GitHub double's deliveries API, as it would run against GitHub: a webhook whose
 * receiver (standing in for the bridge) answers as the test says, GitHub's listing read page by page,
 * redeliveries asked for and made.
 */
class RedeliveryPassTest {

    private static final String REPO = "fullstack-pw/cks-backend";
    private static final String CLOSED = "{\"action\":\"closed\",\"number\":42,\"repository\":{\"id\":1,\"full_name\":\"" + REPO + "\"}}";
    private static final RedeliveryPlan.Limits LIMITS = new RedeliveryPlan.Limits(Duration.ofHours(72), 20, 3);
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static GitHubAppKey key;

    private GitHubDouble github;
    private WebhookReceiver receiver;
    private Webhook hook;
    private final PublishedDeliveries published = new PublishedDeliveries(1000);
    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final RedeliveryStatus status = new RedeliveryStatus(meters);
    private final AtomicBoolean brokerUp = new AtomicBoolean(true);

    @BeforeAll
    static void generateKey() {
        key = GitHubAppKey.generate();
    }

    @BeforeEach
    void start() {
        github = GitHubDouble.builder().app(4242, "ephemeral-clusters", key.publicKey()).token("ghp_admin", "octocat")
                .repository(REPO).start();
        receiver = new WebhookReceiver();
        hook = github.repositoryWebhook(REPO, receiver.url(), "secret");
    }

    @AfterEach
    void stop() {
        github.close();
        receiver.close();
        assertThat(github.contractViolations()).isEmpty();
    }

    @Test
    void aDeliveryTheBridgeAnswered503IsRedeliveredOnceItIsBackAndASecondPassAsksNothing() {
        RedeliveryPass pass = pass(LIMITS);
        HookDelivery failed = refusedThenBack(hook);

        RedeliveryPass.Result first = pass.run();
        await().atMost(PATIENCE).until(() -> github.hookDeliveries(hook).size() == 2);
        RedeliveryPass.Result second = pass.run();

        assertThat(first.outcome()).isEqualTo(RedeliveryPass.Outcome.SUCCEEDED);
        assertThat(first.requested()).containsExactly(failed.id());
        HookDelivery again = github.hookDeliveries(hook).get(1);
        assertThat(again.guid()).isEqualTo(failed.guid());
        assertThat(again.redelivery()).isTrue();
        assertThat(again.succeeded()).isTrue();
        assertThat(second.outcome()).isEqualTo(RedeliveryPass.Outcome.SUCCEEDED);
        assertThat(second.listed()).as("the second pass read GitHub's log").isEqualTo(2);
        assertThat(second.requested()).isEmpty();
        assertThat(redeliveryRequests()).hasSize(1);
    }

    @Test
    void theListingIsReadPageByPageToAFailureBehindAHundredLaterDeliveries() {
        RedeliveryPass pass = pass(LIMITS);
        HookDelivery failed = refusedThenBack(hook);
        IntStream.range(0, 120).forEach(i -> github.deliver(hook, "pull_request", "{\"action\":\"synchronize\",\"number\":" + i + "}"));

        RedeliveryPass.Result result = pass.run();

        assertThat(result.listed()).isEqualTo(121);
        assertThat(result.requested()).containsExactly(failed.id());
        List<String> listings = github.requests().stream().filter(r -> r.method().equals("GET")).map(RecordedRequest::query).toList();
        assertThat(listings).hasSize(2);
        assertThat(listings.get(0)).isEqualTo("per_page=100");
        assertThat(listings.get(1)).as("the cursor of GitHub's Link rel=next").startsWith("per_page=100&cursor=v1_");
    }

    @Test
    void whileTheBrokerDoesNotAnswerThePassIsSkippedWithoutAskingGitHub() {
        RedeliveryPass pass = pass(LIMITS);
        receiver.answer(503);
        github.deliver(hook, "pull_request", CLOSED);
        brokerUp.set(false);

        RedeliveryPass.Result result = pass.run();

        assertThat(result.outcome()).isEqualTo(RedeliveryPass.Outcome.SKIPPED);
        assertThat(result.reason()).contains("broker");
        assertThat(github.requests()).isEmpty();
        assertThat(counter("bridge.redelivery.passes", "outcome", "skipped")).isEqualTo(1);
    }

    @Test
    void aDeliveryThisInstancePublishedAfterAnswering503IsNotAskedFor() {
        RedeliveryPass pass = pass(LIMITS);
        receiver.answer(503);
        HookDelivery failed = github.deliver(hook, "pull_request", CLOSED);
        published.remember(failed.guid(), "the-event-id");

        RedeliveryPass.Result result = pass.run();

        assertThat(result.listed()).isEqualTo(1);
        assertThat(result.requested()).isEmpty();
        assertThat(redeliveryRequests()).isEmpty();
    }

    @Test
    void aRedeliveryThatFailsAgainIsAskedForAgainUpToTheCapThenAbandonedAndCounted() {
        RedeliveryPass pass = pass(new RedeliveryPlan.Limits(Duration.ofHours(72), 20, 2));
        receiver.answer(503);
        HookDelivery failed = github.deliver(hook, "pull_request", CLOSED);

        RedeliveryPass.Result first = runUntilAttempts(pass, 2);
        HookDelivery failedAgain = github.hookDeliveries(hook).get(1);
        RedeliveryPass.Result second = runUntilAttempts(pass, 3);
        RedeliveryPass.Result third = pass.run();

        assertThat(first.requested()).containsExactly(failed.id());
        assertThat(failedAgain.redelivery()).isTrue();
        assertThat(second.requested()).as("the redelivery failed too: its attempt").containsExactly(failedAgain.id());
        assertThat(third.requested()).isEmpty();
        assertThat(third.abandoned()).containsExactly(failed.guid());
        assertThat(github.hookDeliveries(hook)).hasSize(3);
        assertThat(meters.get("bridge.redelivery.abandoned").gauge().value()).isEqualTo(1);
    }

    @Test
    void atMostMaxRequestsAPassTheRestInTheNext() {
        RedeliveryPass pass = pass(new RedeliveryPlan.Limits(Duration.ofHours(72), 2, 3));
        receiver.answer(503);
        List<HookDelivery> failed = IntStream.range(0, 3).mapToObj(i -> github.deliver(hook, "pull_request", CLOSED)).toList();
        receiver.answer(200);

        RedeliveryPass.Result first = pass.run();
        await().atMost(PATIENCE).until(() -> github.hookDeliveries(hook).size() == 5);
        RedeliveryPass.Result second = pass.run();

        assertThat(first.requested()).containsExactly(failed.get(0).id(), failed.get(1).id());
        assertThat(first.deferred()).containsExactly(failed.get(2).guid());
        assertThat(second.requested()).containsExactly(failed.get(2).id());
    }

    @Test
    void asTheGitHubAppItReadsAndRedeliversItsOwnWebhookWithItsJwt() {
        Webhook appHook = github.appWebhook(receiver.url(), "secret");
        RedeliveryCredentials app = RedeliveryCredentials.of(Optional.of("4242"), Optional.of(key.privateKeyPem()),
                Optional.empty(), List.of(), Clock.systemUTC()).orElseThrow();
        RedeliveryPass pass = new RedeliveryPass(List.of(api(app.hooks().get(0), app.authorization()::get)), published,
                new RequestedRedeliveries(100), brokerUp::get, Clock.systemUTC(), LIMITS, 10, status);
        HookDelivery failed = refusedThenBack(appHook);

        RedeliveryPass.Result result = pass.run();

        assertThat(result.requested()).containsExactly(failed.id());
        await().atMost(PATIENCE).until(() -> github.hookDeliveries(appHook).size() == 2
                && github.hookDeliveries(appHook).get(1).succeeded());
        assertThat(github.requests()).allSatisfy(r -> assertThat(r.header("authorization")).startsWith("Bearer ey"));
    }

    @Test
    void whenGitHubsApiFailsThePassFailsSayingWhyAndTheNextOneStartsOver() {
        RedeliveryPass pass = pass(LIMITS);
        receiver.answer(503);
        HookDelivery failed = github.deliver(hook, "pull_request", CLOSED);
        github.failNext(1, 502);

        RedeliveryPass.Result broken = pass.run();
        RedeliveryPass.Result next = pass.run();

        assertThat(broken.outcome()).isEqualTo(RedeliveryPass.Outcome.FAILED);
        assertThat(broken.reason()).contains("listing the deliveries of webhook " + hook.id() + " of " + REPO)
                .contains("GitHub answered 502 (Server Error)");
        assertThat(next.outcome()).isEqualTo(RedeliveryPass.Outcome.SUCCEEDED);
        assertThat(next.requested()).containsExactly(failed.id());
        assertThat(counter("bridge.redelivery.passes", "outcome", "failed")).isEqualTo(1);
        assertThat(meters.get("bridge.redelivery.last.success").gauge().value()).isEqualTo(next.at().getEpochSecond());
    }

    /** A close the receiver (the bridge, its broker down) answers 503; afterwards it takes deliveries again. */
    private HookDelivery refusedThenBack(Webhook to) {
        receiver.answer(503);
        HookDelivery failed = github.deliver(to, "pull_request", CLOSED);
        receiver.answer(200);
        return failed;
    }

    private RedeliveryPass pass(RedeliveryPlan.Limits limits) {
        HookDeliveriesApi api = api(HookEndpoint.parse(REPO + ":" + hook.id()), () -> "Bearer ghp_admin");
        return new RedeliveryPass(List.of(api), published, new RequestedRedeliveries(100), brokerUp::get, Clock.systemUTC(),
                limits, 10, status);
    }

    private HookDeliveriesApi api(HookEndpoint endpoint, java.util.function.Supplier<String> authorization) {
        return new HookDeliveriesApi(URI.create(github.url()), endpoint, authorization, HttpClient.newHttpClient(),
                Duration.ofSeconds(5));
    }

    /** Runs a pass, then waits until GitHub has made the redelivery it asked for. */
    private RedeliveryPass.Result runUntilAttempts(RedeliveryPass pass, int attempts) {
        RedeliveryPass.Result result = pass.run();
        await().atMost(PATIENCE).until(() -> github.hookDeliveries(hook).size() == attempts);
        return result;
    }

    private List<RecordedRequest> redeliveryRequests() {
        return github.requests().stream().filter(r -> r.method().equals("POST") && r.path().endsWith("/attempts")).toList();
    }

    private double counter(String name, String tag, String value) {
        return meters.get(name).tag(tag, value).counter().count();
    }
}
