package pw.fullstack.ephemeral.notifier.github;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * GitHub's rate-limit rules as a pure decision over a response's status, headers and message (see
 * GitHub's "Rate limits for the REST API"):
 *
 * <ul>
 *   <li>{@code retry-after} present: wait that many seconds;</li>
 *   <li>{@code x-ratelimit-remaining: 0}: wait until {@code x-ratelimit-reset} (epoch seconds);</li>
 *   <li>a secondary-limit message without either header: wait at least a minute, doubling with each
 *       further refusal;</li>
 *   <li>a 429 without any of these: a minute.</li>
 * </ul>
 * A 403 that is none of these is a permission problem, not a rate limit.
 *
 * @param headers lower-cased header names
 */
public final class RateLimitPolicy {

    static final Duration SECONDARY_MINIMUM = Duration.ofMinutes(1);
    static final Duration LONGEST_SECONDARY = Duration.ofMinutes(30);

    private RateLimitPolicy() {
    }

    public static Optional<GitHubException.RateLimited> classify(int status, Map<String, String> headers, String message,
                                                                 Instant now, int previousRefusals) {
        if (status != 403 && status != 429) {
            return Optional.empty();
        }
        boolean secondary = message != null && message.toLowerCase(java.util.Locale.ROOT).contains("secondary rate limit");
        String kind = secondary ? "secondary" : "primary";
        Long retryAfter = number(headers.get("retry-after"));
        if (retryAfter != null) {
            return Optional.of(limited(status, message, Duration.ofSeconds(Math.max(1, retryAfter)), kind));
        }
        if ("0".equals(headers.get("x-ratelimit-remaining"))) {
            Long reset = number(headers.get("x-ratelimit-reset"));
            Duration wait = reset == null ? SECONDARY_MINIMUM
                    : Duration.between(now, Instant.ofEpochSecond(reset)).plusSeconds(1);
            return Optional.of(limited(status, message, wait.isNegative() ? Duration.ofSeconds(1) : wait, "primary"));
        }
        if (secondary || status == 429) {
            Duration wait = SECONDARY_MINIMUM.multipliedBy(1L << Math.min(5, Math.max(0, previousRefusals)));
            return Optional.of(limited(status, message, wait.compareTo(LONGEST_SECONDARY) > 0 ? LONGEST_SECONDARY : wait,
                    "secondary"));
        }
        return Optional.empty();
    }

    /** After a successful call: when the budget is spent, the next call must wait for the reset. */
    public static Optional<Instant> exhaustedUntil(Map<String, String> headers) {
        if (!"0".equals(headers.get("x-ratelimit-remaining"))) {
            return Optional.empty();
        }
        Long reset = number(headers.get("x-ratelimit-reset"));
        return reset == null ? Optional.empty() : Optional.of(Instant.ofEpochSecond(reset).plusSeconds(1));
    }

    private static GitHubException.RateLimited limited(int status, String message, Duration wait, String kind) {
        return new GitHubException.RateLimited("GitHub rate limit (" + kind + ", " + status + "): " + message
                + "; waiting " + wait.toSeconds() + " s", wait, kind);
    }

    private static Long number(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
