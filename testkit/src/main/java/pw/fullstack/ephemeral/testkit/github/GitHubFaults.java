package pw.fullstack.ephemeral.testkit.github;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/** Failures a test asked for, consumed one per request (health of the double itself is not simulated). */
final class GitHubFaults {

    /** What the client is told to wait in a simulated rate limit. */
    static final Duration RATE_LIMIT_WAIT = Duration.ofSeconds(1);

    private final Deque<Object> next = new ArrayDeque<>();
    private Duration delay = Duration.ZERO;
    private Duration rateLimitWait = RATE_LIMIT_WAIT;

    synchronized void rateLimitNext(int count, RateLimitKind kind) {
        next.clear();
        for (int i = 0; i < count; i++) {
            next.add(kind);
        }
    }

    synchronized void failNext(int count, int status) {
        next.clear();
        for (int i = 0; i < count; i++) {
            next.add(status);
        }
    }

    synchronized void rateLimitWait(Duration wait) {
        rateLimitWait = wait;
    }

    synchronized void delayResponses(Duration value) {
        delay = value == null ? Duration.ZERO : value;
    }

    synchronized Duration delay() {
        return delay;
    }

    /** The failure for this request, or null. */
    synchronized GitHubRequestRejected take(String installationOrUser) {
        Object fault = next.poll();
        if (fault == null) {
            return null;
        }
        if (fault instanceof Integer status) {
            return serverError(status);
        }
        return rateLimited((RateLimitKind) fault, installationOrUser, rateLimitWait);
    }

    static GitHubRequestRejected serverError(int status) {
        String message = switch (status) {
            case 502 -> "Server Error";
            case 503 -> "Service Unavailable";
            case 504 -> "We couldn't respond to your request in time. Sorry about that. Please try resubmitting your request and contact us if the problem persists.";
            default -> "Server Error";
        };
        return new GitHubRequestRejected(status, message);
    }

    static GitHubRequestRejected rateLimited(RateLimitKind kind, String who, Duration wait) {
        long seconds = Math.max(1, wait.toSeconds());
        Map<String, String> headers = new LinkedHashMap<>();
        String secondary = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. "
                + "If you reach out to GitHub Support for help, please include the request ID " + RequestIds.next() + ".";
        String docs = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits";
        switch (kind) {
            case PRIMARY -> {
                headers.put("x-ratelimit-limit", "5000");
                headers.put("x-ratelimit-remaining", "0");
                headers.put("x-ratelimit-used", "5000");
                headers.put("x-ratelimit-resource", "core");
                headers.put("x-ratelimit-reset", Long.toString(Instant.now().plus(wait).getEpochSecond() + 1));
                return new GitHubRequestRejected(403, "API rate limit exceeded for " + who + ".",
                        "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api", null, headers);
            }
            case SECONDARY -> {
                headers.put("retry-after", Long.toString(seconds));
                return new GitHubRequestRejected(403, secondary, docs, null, headers);
            }
            case SECONDARY_429 -> {
                headers.put("retry-after", Long.toString(seconds));
                return new GitHubRequestRejected(429, secondary, docs, null, headers);
            }
            case SECONDARY_WITHOUT_RETRY_AFTER -> {
                return new GitHubRequestRejected(403, secondary, docs, null, headers);
            }
            default -> throw new IllegalArgumentException(kind.toString());
        }
    }
}
