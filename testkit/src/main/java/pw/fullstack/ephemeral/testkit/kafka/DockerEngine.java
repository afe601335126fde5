package pw.fullstack.ephemeral.testkit.kafka;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.testcontainers.DockerClientFactory;

/**
 * Whether a Docker engine answers, as Testcontainers finds one (DOCKER_HOST, ~/.testcontainers.properties,
 * the usual sockets), asked at most once per JVM and never for longer than {@link #PROBE_TIMEOUT}.
 *
 * <p>Where there is none (this project's build machines: a docker CLI, no engine) Testcontainers says so
 * within a second, but logs every strategy it tried as an ERROR: those loggers are silenced for the probe,
 * and one line says which broker was chosen instead. The answer is kept in a system property because
 * Quarkus loads test resources again in a fresh class loader for every application it starts.
 */
public final class DockerEngine {

    /** A probe that takes longer counts as "no engine": a test run must not hang on a half-configured Docker. */
    public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

    private static final String ANSWER_PROPERTY = "testkit.kafka.docker-engine-answers";
    private static final String JVM_WIDE_LOCK = "pw.fullstack.ephemeral.testkit.kafka.DockerEngine.lock".intern();
    private static final String STRATEGY_LOGGERS = "org.testcontainers.dockerclient";
    private static final Logger LOG = Logger.getLogger(DockerEngine.class.getName());
    // java.util.logging keeps loggers weakly; a collected logger would forget its level.
    private static final List<Logger> HELD = new CopyOnWriteArrayList<>();

    private DockerEngine() {
    }

    public record Probe(boolean answers, String detail, Duration took) {
    }

    /** The JVM's one answer: the first call probes, every later one (in any class loader) reads it. */
    public static boolean answers() {
        synchronized (JVM_WIDE_LOCK) {
            String known = System.getProperty(ANSWER_PROPERTY);
            if (known != null) {
                return Boolean.parseBoolean(known);
            }
            Probe probe = probe(PROBE_TIMEOUT);
            System.setProperty(ANSWER_PROPERTY, String.valueOf(probe.answers()));
            LOG.info(() -> "Kafka for tests: " + (probe.answers() ? "a Docker engine answers" : "no Docker engine")
                    + " (" + probe.detail() + ", " + probe.took().toMillis() + " ms)");
            return probe.answers();
        }
    }

    /** Asks Testcontainers now, bounded by {@code timeout}; a probe that has not answered by then counts as no engine. */
    public static Probe probe(Duration timeout) {
        long start = System.nanoTime();
        quietStrategyLoggers();
        FutureTask<Boolean> ask = new FutureTask<>(() -> DockerClientFactory.instance().isDockerAvailable());
        Thread asking = new Thread(ask, "testkit-docker-engine-probe");
        asking.setDaemon(true);
        asking.start();
        try {
            boolean answers = ask.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Probe(answers, answers ? "Testcontainers found a Docker environment"
                    : "Testcontainers found no valid Docker environment", since(start));
        } catch (TimeoutException e) {
            ask.cancel(true);
            return new Probe(false, "no answer within " + timeout.toSeconds() + " s", since(start));
        } catch (ExecutionException e) {
            return new Probe(false, String.valueOf(e.getCause().getMessage()), since(start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Probe(false, "interrupted", since(start));
        }
    }

    /**
     * Off for good rather than around the probe: a probe that timed out may still log after it. An explicit
     * level (a team debugging its Docker set-up) is left alone.
     */
    private static void quietStrategyLoggers() {
        Logger strategies = Logger.getLogger(STRATEGY_LOGGERS);
        if (strategies.getLevel() == null) {
            strategies.setLevel(Level.OFF);
            HELD.add(strategies);
        }
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
