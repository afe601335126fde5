package pw.fullstack.ephemeral.testkit.github;

/** The ways GitHub refuses a request for rate limiting, with the headers it sends for each. */
public enum RateLimitKind {
    /** 403, {@code x-ratelimit-remaining: 0}, {@code x-ratelimit-reset} = epoch seconds when the window resets. */
    PRIMARY,
    /** 403, {@code retry-after} in seconds, GitHub's "secondary rate limit" message. */
    SECONDARY,
    /** 429, {@code retry-after} in seconds, the same message (GitHub uses both status codes). */
    SECONDARY_429,
    /** 403 with the secondary-limit message and no {@code retry-after}: the client must back off by itself. */
    SECONDARY_WITHOUT_RETRY_AFTER
}
