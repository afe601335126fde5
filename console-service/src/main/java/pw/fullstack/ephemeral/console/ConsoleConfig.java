package pw.fullstack.ephemeral.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;

/** Every {@code console.*} setting (README.md, Settings). */
@ConfigMapping(prefix = "console")
public interface ConsoleConfig {

    /** The allocator's management interface, where {@code GET /pool} answers (the deploy's Service {@code allocator}). */
    @WithDefault("http://allocator:9000")
    URI allocatorUrl();

    /** The reaper's management interface, where {@code GET /expiries} answers (the deploy's Service {@code reaper}). */
    @WithDefault("http://reaper:9000")
    URI reaperUrl();

    /** How often the pool and the expiries are read again. */
    @WithDefault("5S")
    Duration refreshInterval();

    /** Bound of one request to the allocator or the reaper. */
    @WithDefault("5S")
    Duration requestTimeout();

    /** Where the PR links point: {@code <github-url>/<owner>/<repo>/pull/<number>}. */
    @WithDefault("https://github.com")
    URI githubUrl();

    /** A run that has not reached a resting state (READY, FAILED, QUEUED, REFUSED, RELEASED) and had no event this long is marked stalled. */
    @WithDefault("10M")
    Duration stalledAfter();

    /** How often the topics' partitions are listed again (new dead-letter topics) and Kafka's reachability checked. */
    @WithDefault("10S")
    Duration topicRefreshInterval();
}
