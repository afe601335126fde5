package pw.fullstack.ephemeral.testkit.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static pw.fullstack.ephemeral.testkit.github.GitHubHttp.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhooks as GitHub runs them: deliveries POSTed to a receiver and recorded with its answer, listed
 * and redelivered through the REST API (App webhook with the App's JWT, repository and organisation
 * webhooks with a token), every reply checked against GitHub's REST description.
 */
class WebhookDeliveriesContractTest {

    private static final String REPO = "fullstack-pw/cks-backend";
    private static final long APP_ID = 4242;
    private static final String SECRET = "It's a Secret to Everybody";
    private static final String ADMIN = "Bearer ghp_admin";
    private static final Pattern NEXT_CURSOR = Pattern.compile("<[^>]*[?&]cursor=([^&>]+)[^>]*>; rel=\"next\"");
    private static GitHubAppKey key;

    private GitHubDouble github;
    private GitHubHttp http;
    private WebhookReceiver receiver;

    @BeforeAll
    static void generateKey() {
        key = GitHubAppKey.generate();
    }

    @BeforeEach
    void start() {
        github = GitHubDouble.builder().app(APP_ID, "ephemeral-clusters", key.publicKey()).installation(77, "fullstack-pw")
                .token("ghp_admin", "octocat").repository(REPO).start();
        http = new GitHubHttp(github.url());
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void stop() {
        github.close();
        receiver.close();
        assertThat(github.contractViolations()).isEmpty();
    }

    @Test
    void aDeliveryIsPostedSignedAndRecordedWithTheReceiversAnswer() throws Exception {
        Webhook hook = github.repositoryWebhook(REPO, receiver.url(), SECRET);
        String payload = "{\"action\":\"closed\",\"number\":42,\"repository\":{\"id\":123,\"full_name\":\"" + REPO + "\"}}";

        HookDelivery ok = github.deliver(hook, "pull_request", payload);
        receiver.answer(503);
        HookDelivery refused = github.deliver(hook, "pull_request", payload);

        WebhookReceiver.Request first = receiver.requests().get(0);
        assertThat(first.headers()).containsEntry("x-github-event", "pull_request")
                .containsEntry("x-github-delivery", ok.guid())
                .containsEntry("x-github-hook-id", Long.toString(hook.id()))
                .containsEntry("x-github-hook-installation-target-type", "repository")
                .containsEntry("content-type", "application/json")
                .containsEntry("x-hub-signature-256", "sha256=" + hmacSha256(SECRET, payload));
        assertThat(first.headers().get("user-agent")).startsWith("GitHub-Hookshot/");
        assertThat(first.body()).isEqualTo(payload);
        assertThat(ok.status()).isEqualTo("OK");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.action()).isEqualTo("closed");
        assertThat(ok.repositoryId()).isEqualTo(123L);
        assertThat(ok.redelivery()).isFalse();
        assertThat(refused.status()).isEqualTo("Invalid HTTP Response: 503");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.guid()).as("every event has its own guid").isNotEqualTo(ok.guid());
    }

    @Test
    void aReceiverThatDoesNotListenIsAFailureToConnectWithoutAStatusCode() {
        Webhook hook = github.repositoryWebhook(REPO, URI.create("http://127.0.0.1:" + closedPort() + "/hook"), SECRET);

        HookDelivery attempt = github.deliver(hook, "pull_request", "{\"action\":\"opened\"}");

        assertThat(attempt.status()).isEqualTo("failed to connect");
        assertThat(attempt.statusCode()).isZero();
        assertThat(attempt.succeeded()).isFalse();
    }

    @Test
    void theListingIsNewestFirstPagedByCursorFollowingTheLinkHeader() {
        Webhook hook = github.repositoryWebhook(REPO, receiver.url(), SECRET);
        List<HookDelivery> sent = IntStream.range(0, 5)
                .mapToObj(i -> github.deliver(hook, "pull_request", "{\"action\":\"opened\",\"number\":" + i + "}")).toList();
        String listing = "/repos/" + REPO + "/hooks/" + hook.id() + "/deliveries";

        List<Long> seen = new ArrayList<>();
        String query = "?per_page=2";
        int pages = 0;
        while (query != null) {
            HttpResponse<String> page = http.send("GET", listing + query, ADMIN, null);
            assertThat(page.statusCode()).isEqualTo(200);
            json(page).forEach(d -> seen.add(d.get("id").asLong()));
            pages++;
            Matcher next = NEXT_CURSOR.matcher(page.headers().firstValue("link").orElse(""));
            query = next.find() ? "?per_page=2&cursor=" + next.group(1) : null;
        }

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(sent.stream().map(HookDelivery::id).sorted((a, b) -> Long.compare(b, a)).toList());
        JsonNode newest = json(http.send("GET", listing + "?per_page=1", ADMIN, null)).get(0);
        assertThat(newest.fieldNames()).toIterable().contains("id", "guid", "delivered_at", "redelivery", "duration",
                "status", "status_code", "event", "action", "installation_id", "repository_id");
        assertThat(newest.get("guid").asText()).isEqualTo(sent.get(4).guid());
        assertThat(http.send("GET", listing + "?cursor=page-2", ADMIN, null).statusCode()).isEqualTo(400);
    }

    @Test
    void theStatusFilterSelectsByStatusCodeRange() {
        Webhook hook = github.repositoryWebhook(REPO, receiver.url(), SECRET);
        HookDelivery ok = github.deliver(hook, "pull_request", "{}");
        receiver.answer(503);
        HookDelivery failed = github.deliver(hook, "pull_request", "{}");
        String listing = "/repos/" + REPO + "/hooks/" + hook.id() + "/deliveries";

        assertThat(ids(http.send("GET", listing + "?status=failure", ADMIN, null))).containsExactly(failed.id());
        assertThat(ids(http.send("GET", listing + "?status=success", ADMIN, null))).containsExactly(ok.id());
        assertThat(http.send("GET", listing + "?status=broken", ADMIN, null).statusCode()).isEqualTo(422);
    }

    @Test
    void aRedeliveryIsAcceptedWith202AndSendsTheSameEventAgainMarkedAsARedelivery() {
        Webhook hook = github.repositoryWebhook(REPO, receiver.url(), SECRET);
        receiver.answer(503);
        HookDelivery failed = github.deliver(hook, "pull_request", "{\"action\":\"closed\",\"number\":42}");
        receiver.answer(200);

        HttpResponse<String> accepted = http.send("POST", "/repos/" + REPO + "/hooks/" + hook.id() + "/deliveries/"
                + failed.id() + "/attempts", ADMIN, null);

        assertThat(accepted.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> github.hookDeliveries(hook).size() == 2);
        HookDelivery again = github.hookDeliveries(hook).get(1);
        assertThat(again.id()).isNotEqualTo(failed.id());
        assertThat(again.guid()).isEqualTo(failed.guid());
        assertThat(again.redelivery()).isTrue();
        assertThat(again.status()).isEqualTo("OK");
        WebhookReceiver.Request resent = receiver.requests().get(1);
        assertThat(resent.headers()).containsEntry("x-github-delivery", failed.guid());
        assertThat(resent.body()).isEqualTo(receiver.requests().get(0).body());
    }

    @Test
    void oneAttemptInFullShowsWhatWasSentAndWhatCameBack() {
        Webhook hook = github.repositoryWebhook(REPO, receiver.url(), SECRET);
        HookDelivery sent = github.deliver(hook, "pull_request", "{\"action\":\"opened\",\"number\":7}");

        JsonNode full = json(http.send("GET", "/repos/" + REPO + "/hooks/" + hook.id() + "/deliveries/" + sent.id(), ADMIN, null));

        assertThat(full.get("guid").asText()).isEqualTo(sent.guid());
        assertThat(full.path("request").path("payload").path("number").asInt()).isEqualTo(7);
        assertThat(full.path("request").path("headers").path("X-GitHub-Event").asText()).isEqualTo("pull_request");
        assertThat(full.path("response").path("payload").asText()).isEqualTo("{\"ok\":true}");
        assertThat(full.path("url").asText()).isEqualTo(receiver.url().toString());
    }

    @Test
    void theAppsWebhookIsListedAndRedeliveredWithTheAppsJwtOnly() {
        Webhook hook = github.appWebhook(receiver.url(), SECRET);
        receiver.answer(503);
        HookDelivery failed = github.deliver(hook, "pull_request", "{\"action\":\"closed\",\"installation\":{\"id\":77}}");
        receiver.answer(200);
        String jwt = "Bearer " + GitHubHttp.appJwt(key, APP_ID, Duration.ofMinutes(9));

        JsonNode listed = json(http.send("GET", "/app/hook/deliveries", jwt, null));
        HttpResponse<String> withoutJwt = http.send("GET", "/app/hook/deliveries", ADMIN, null);
        HttpResponse<String> accepted = http.send("POST", "/app/hook/deliveries/" + failed.id() + "/attempts", jwt, null);

        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("installation_id").asLong()).isEqualTo(77);
        assertThat(listed.get(0).get("status_code").asInt()).isEqualTo(503);
        assertThat(withoutJwt.statusCode()).isEqualTo(401);
        assertThat(json(withoutJwt).path("message").asText()).isEqualTo("A JSON web token could not be decoded");
        assertThat(http.send("GET", "/app/hook/deliveries", null, null).statusCode()).isEqualTo(401);
        assertThat(accepted.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> github.hookDeliveries(hook).size() == 2);
        assertThat(receiver.requests().get(1).headers()).containsEntry("x-github-hook-installation-target-type", "integration")
                .containsEntry("x-github-hook-installation-target-id", Long.toString(APP_ID));
    }

    @Test
    void unknownDeliveriesAndOtherHooksAre404AndTheAppsInstallationTokensMayNotReadWebhooks() {
        Webhook hook = github.repositoryWebhook(REPO, receiver.url(), SECRET);
        Webhook elsewhere = github.repositoryWebhook("fullstack-pw/other", receiver.url(), SECRET);
        Webhook org = github.organizationWebhook("fullstack-pw", receiver.url(), SECRET);
        HookDelivery sent = github.deliver(org, "pull_request", "{}");
        String installationToken = "Bearer " + json(http.send("POST", "/app/installations/77/access_tokens",
                "Bearer " + GitHubHttp.appJwt(key, APP_ID, Duration.ofMinutes(9)), null)).path("token").asText();

        assertThat(http.send("POST", "/repos/" + REPO + "/hooks/" + hook.id() + "/deliveries/999/attempts", ADMIN, null)
                .statusCode()).isEqualTo(404);
        assertThat(http.send("GET", "/repos/" + REPO + "/hooks/" + elsewhere.id() + "/deliveries", ADMIN, null)
                .statusCode()).isEqualTo(404);
        assertThat(http.send("GET", "/repos/" + REPO + "/hooks/" + hook.id() + "/deliveries", installationToken, null)
                .statusCode()).isEqualTo(403);
        assertThat(ids(http.send("GET", "/orgs/fullstack-pw/hooks/" + org.id() + "/deliveries", ADMIN, null)))
                .containsExactly(sent.id());
        assertThat(http.send("GET", "/orgs/fullstack-pw/hooks/" + hook.id() + "/deliveries", ADMIN, null).statusCode())
                .isEqualTo(404);
    }

    private static List<Long> ids(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(200);
        List<Long> ids = new ArrayList<>();
        json(response).forEach(d -> ids.add(d.get("id").asLong()));
        return ids;
    }

    private static String hmacSha256(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
