package pw.fullstack.ephemeral.notifier.github;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    private static final String SECONDARY = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.";

    @Test
    void retryAfterIsObeyed() {
        var limited = RateLimitPolicy.classify(403, Map.of("retry-after", "30"), SECONDARY, NOW, 0).orElseThrow();
        assertThat(limited.waitFor()).isEqualTo(Duration.ofSeconds(30));
        assertThat(limited.kind()).isEqualTo("secondary");
        assertThat(RateLimitPolicy.classify(429, Map.of("retry-after", "5"), "slow down", NOW, 0).orElseThrow().waitFor())
                .isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aSpentBudgetWaitsForTheReset() {
        var headers = Map.of("x-ratelimit-remaining", "0", "x-ratelimit-reset", Long.toString(NOW.plusSeconds(600).getEpochSecond()));
        var limited = RateLimitPolicy.classify(403, headers, "API rate limit exceeded for installation ID 77.", NOW, 0).orElseThrow();
        assertThat(limited.waitFor()).isEqualTo(Duration.ofSeconds(601));
        assertThat(limited.kind()).isEqualTo("primary");
        assertThat(RateLimitPolicy.exhaustedUntil(headers)).contains(NOW.plusSeconds(601));
    }

    @Test
    void aSecondaryLimitWithoutHeadersWaitsAMinuteAndBacksOffExponentially() {
        assertThat(RateLimitPolicy.classify(403, Map.of(), SECONDARY, NOW, 0).orElseThrow().waitFor()).isEqualTo(Duration.ofMinutes(1));
        assertThat(RateLimitPolicy.classify(403, Map.of(), SECONDARY, NOW, 2).orElseThrow().waitFor()).isEqualTo(Duration.ofMinutes(4));
        assertThat(RateLimitPolicy.classify(403, Map.of(), SECONDARY, NOW, 10).orElseThrow().waitFor()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void aForbiddenThatIsNotALimitIsNotRetried() {
        assertThat(RateLimitPolicy.classify(403, Map.of("x-ratelimit-remaining", "4999"),
                "Resource not accessible by integration", NOW, 0)).isEmpty();
        assertThat(RateLimitPolicy.classify(404, Map.of(), "Not Found", NOW, 0)).isEmpty();
        assertThat(RateLimitPolicy.exhaustedUntil(Map.of("x-ratelimit-remaining", "12"))).isEmpty();
    }
}
