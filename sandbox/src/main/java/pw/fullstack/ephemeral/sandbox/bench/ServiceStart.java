package pw.fullstack.ephemeral.sandbox.bench;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A JVM's start and footprint: from process start to its first {@code /q/health/ready} 200 (empty for the
 * launcher), and its resident memory after the bench.
 */
public record ServiceStart(String name, Optional<Duration> timeToReady, OptionalLong rssKib) {
}
