package pw.fullstack.ephemeral.testkit.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Sends webhook deliveries as GitHub's Hookshot does: a JSON POST with {@code X-GitHub-Event},
 * {@code X-GitHub-Delivery} (the event's guid, kept by a redelivery), {@code X-GitHub-Hook-ID}, the
 * installation target headers and both signatures, given up after 10 s. Every attempt is recorded with
 * the receiver's answer; a redelivery asked through the API is sent a moment later on a thread of its
 * own, as GitHub answers 202 before it delivers.
 */
final class WebhookDeliverer implements AutoCloseable {

    /** GitHub gives up on a delivery after 10 s. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GitHubWorld world;
    private final long appId;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ExecutorService redeliveries = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "github-double-redelivery");
        thread.setDaemon(true);
        return thread;
    });

    WebhookDeliverer(GitHubWorld world, long appId) {
        this.world = world;
        this.appId = appId;
    }

    /** Delivers now and records the attempt. */
    HookDelivery deliver(Webhook hook, String guid, String event, String payload, boolean redelivery) {
        JsonNode body = parse(payload);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "*/*");
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "GitHub-Hookshot/7e3bf2c");
        headers.put("X-GitHub-Delivery", guid);
        headers.put("X-GitHub-Event", event);
        headers.put("X-GitHub-Hook-ID", Long.toString(hook.id()));
        headers.put("X-GitHub-Hook-Installation-Target-ID", Long.toString(targetId(hook, body)));
        headers.put("X-GitHub-Hook-Installation-Target-Type", hook.kind().targetType());
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        headers.put("X-Hub-Signature", "sha1=" + hmac("HmacSHA1", hook.secret(), bytes));
        headers.put("X-Hub-Signature-256", "sha256=" + hmac("HmacSHA256", hook.secret(), bytes));
        HttpRequest.Builder request = HttpRequest.newBuilder(hook.url()).timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        headers.forEach(request::header);

        Instant started = Instant.now();
        String status;
        int statusCode = 0;
        Map<String, String> responseHeaders = new LinkedHashMap<>();
        String responseBody = "";
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            statusCode = response.statusCode();
            status = statusCode >= 200 && statusCode < 300 ? "OK" : "Invalid HTTP Response: " + statusCode;
            response.headers().map().forEach((name, values) -> responseHeaders.put(name.toLowerCase(Locale.ROOT),
                    String.join(", ", values)));
            responseBody = response.body();
        } catch (HttpTimeoutException e) {
            status = "timed out";
        } catch (IOException e) {
            status = "failed to connect";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = "failed to connect";
        }
        double seconds = Duration.between(started, Instant.now()).toNanos() / 1e9;
        HookDelivery attempt = new HookDelivery(world.nextId(), guid, hook.id(), started.truncatedTo(ChronoUnit.SECONDS),
                redelivery, Math.round(seconds * 100) / 100.0, status, statusCode, event, text(body.path("action")),
                hook.kind() == Webhook.Kind.APP ? number(body.path("installation").path("id")) : null,
                number(body.path("repository").path("id")), hook.url().toString(), headers, payload, responseHeaders,
                responseBody);
        world.addHookDelivery(attempt);
        return attempt;
    }

    /** GitHub's answer to a redelivery request comes first (202); the attempt follows. */
    void redeliverSoon(Webhook hook, HookDelivery of) {
        redeliveries.execute(() -> deliver(hook, of.guid(), of.event(), of.payload(), true));
    }

    @Override
    public void close() {
        redeliveries.shutdownNow();
    }

    private long targetId(Webhook hook, JsonNode body) {
        return switch (hook.kind()) {
            case APP -> appId;
            case REPOSITORY -> world.repo(hook.target()).map(repo -> repo.id)
                    .orElseGet(() -> body.path("repository").path("id").asLong(Math.abs((long) hook.target().hashCode())));
            case ORGANIZATION -> Math.abs((long) hook.target().toLowerCase(Locale.ROOT).hashCode());
        };
    }

    private static JsonNode parse(String payload) {
        try {
            JsonNode node = JSON.readTree(payload);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("a webhook payload is a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new IllegalArgumentException("a webhook payload is a JSON object", e);
        }
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }

    private static Long number(JsonNode node) {
        return node.canConvertToLong() ? node.asLong() : null;
    }

    private static String hmac(String algorithm, String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every JVM has " + algorithm, e);
        }
    }
}
