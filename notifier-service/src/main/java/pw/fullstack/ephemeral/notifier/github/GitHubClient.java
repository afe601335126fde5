package pw.fullstack.ephemeral.notifier.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import pw.fullstack.ephemeral.notifier.NotifierConfig;
import pw.fullstack.ephemeral.notifier.metrics.NotifierMetrics;

/**
 * Sends one GitHub request and classifies the answer: a {@link GitHubReply} for 2xx, else a
 * {@link GitHubException} saying whether to wait (rate limit), try again later (5xx, timeout,
 * connection refused), renew the credential (401) or give up (other 4xx). Every request is bounded
 * by {@code notifier.github.connect-timeout} and {@code request-timeout}. It also notes when a lane's
 * budget is spent ({@code x-ratelimit-remaining: 0}) so the next request waits for the reset instead
 * of being refused.
 */
@ApplicationScoped
public class GitHubClient {

    private static final Logger LOG = Logger.getLogger(GitHubClient.class);

    @Inject
    NotifierConfig config;

    @Inject
    NotifierMetrics metrics;

    @Inject
    ObjectMapper json;

    private GitHubApi api;
    private final Map<String, Instant> exhaustedUntil = new ConcurrentHashMap<>();
    private final Map<String, Integer> secondaryRefusals = new ConcurrentHashMap<>();

    @PostConstruct
    void build() {
        api = QuarkusRestClientBuilder.newBuilder()
                .baseUri(config.github().apiUrl())
                .connectTimeout(config.github().connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(config.github().requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .register(new GitHubHeaders(config.github().apiVersion()))
                // Error answers are classified here from status, headers and body, not turned into exceptions.
                .property("microprofile.rest.client.disable.default.mapper", true)
                .build(GitHubApi.class);
    }

    public GitHubApi api() {
        return api;
    }

    /** When the lane may send again after spending its budget; {@link Instant#MIN} when it may now. */
    public Instant pausedUntil(String lane) {
        return exhaustedUntil.getOrDefault(lane, Instant.MIN);
    }

    public GitHubReply send(String operation, String lane, Supplier<Response> request) {
        long started = System.nanoTime();
        Response response;
        try {
            response = request.get();
        } catch (ProcessingException e) {
            metrics.apiCall(operation, "error", System.nanoTime() - started);
            throw new GitHubException.Unavailable("GitHub " + operation + " did not answer: " + rootMessage(e), e);
        }
        try (response) {
            int status = response.getStatus();
            Map<String, String> headers = headers(response);
            String text = response.hasEntity() ? response.readEntity(String.class) : "";
            metrics.apiCall(operation, (status / 100) + "xx", System.nanoTime() - started);
            observeBudget(lane, headers);
            if (status >= 200 && status < 300) {
                secondaryRefusals.remove(lane);
                return new GitHubReply(status, headers, text.isBlank() ? null : json.readTree(text));
            }
            String message = message(text);
            var limited = RateLimitPolicy.classify(status, headers, message, Instant.now(),
                    secondaryRefusals.getOrDefault(lane, 0));
            if (limited.isPresent()) {
                if ("secondary".equals(limited.get().kind())) {
                    secondaryRefusals.merge(lane, 1, Integer::sum);
                }
                metrics.rateLimited(limited.get().kind(), limited.get().waitFor());
                throw limited.get();
            }
            if (status == 401) {
                throw new GitHubException.Unauthorized("GitHub " + operation + ": 401 " + message);
            }
            if (status >= 500 || status == 408) {
                throw new GitHubException.Unavailable("GitHub " + operation + ": " + status + " " + message, null);
            }
            throw new GitHubException.Refused(status, "GitHub " + operation + ": " + status + " " + message);
        } catch (IOException e) {
            throw new GitHubException.Unavailable("GitHub " + operation + " answered something that is not JSON", e);
        } catch (ProcessingException e) {
            throw new GitHubException.Unavailable("GitHub " + operation + " answer could not be read: " + rootMessage(e), e);
        }
    }

    private void observeBudget(String lane, Map<String, String> headers) {
        RateLimitPolicy.exhaustedUntil(headers).ifPresentOrElse(until -> {
            LOG.warnf("GitHub request budget of %s spent; pausing its writes until %s", lane, until);
            exhaustedUntil.put(lane, until);
        }, () -> {
            if (headers.containsKey("x-ratelimit-remaining")) {
                exhaustedUntil.remove(lane);
                metrics.rateLimitRemaining(lane, headers.get("x-ratelimit-remaining"));
            }
        });
    }

    private String message(String body) {
        if (body == null || body.isBlank()) {
            return "(no body)";
        }
        try {
            JsonNode node = json.readTree(body);
            String message = node.path("message").asText("");
            JsonNode errors = node.path("errors");
            if (errors.isArray() && !errors.isEmpty()) {
                message = message + " " + errors;
            }
            return message.isBlank() ? "(no message)" : clip(message);
        } catch (IOException e) {
            return "(body is not JSON)";
        }
    }

    private static String clip(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500) + "…";
    }

    private static Map<String, String> headers(Response response) {
        Map<String, String> headers = new LinkedHashMap<>();
        response.getStringHeaders().forEach((name, values) -> {
            if (!values.isEmpty()) {
                headers.put(name.toLowerCase(Locale.ROOT), values.get(0));
            }
        });
        return headers;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
