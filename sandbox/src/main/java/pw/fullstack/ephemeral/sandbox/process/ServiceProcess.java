package pw.fullstack.ephemeral.sandbox.process;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import pw.fullstack.ephemeral.sandbox.scenario.Waits;

/**
 * One service as its own JVM ({@code java -jar quarkus-run.jar}), configured with system
 * properties, its output appended to a log file. It listens on loopback on two ports, as deployed: the
 * main HTTP port (the bridge's webhook) and the management interface (health, metrics, the ops
 * listings). {@link #kill()} is {@code kill -9}; a restart starts a fresh JVM with the same configuration.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final int STOP_GRACE_SECONDS = 15;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String name;
    private final Path jar;
    private final Map<String, String> properties;
    private final int httpPort;
    private final int managementPort;
    private final Path log;
    private Process process;
    private Instant startedAt;
    private volatile Instant readyAt;

    public ServiceProcess(String name, Path jar, Map<String, String> properties, int httpPort, int managementPort,
                          Path logDirectory) {
        this.name = name;
        this.jar = jar;
        this.properties = new TreeMap<>(properties);
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.log = logDirectory.resolve(name + ".log");
    }

    public String name() {
        return name;
    }

    public int httpPort() {
        return httpPort;
    }

    /** Where {@code /q/health}, {@code /q/metrics} and the service's ops listing answer. */
    public int managementPort() {
        return managementPort;
    }

    public Path log() {
        return log;
    }

    public synchronized ServiceProcess start() {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + ": " + jar + " does not exist; build it first (mvn -DskipTests package)");
        }
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command());
            // What Kubernetes sets to the pod's name: the replica's identity in a leader election.
            builder.environment().put("HOSTNAME", name);
            process = builder
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            startedAt = process.info().startInstant().orElseGet(Instant::now);
            readyAt = null;
        } catch (IOException e) {
            throw new IllegalStateException(name + ": could not start: " + e.getMessage(), e);
        }
        return this;
    }

    List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The container images run with the same flags (root pom, images.jvm-options): deploy's
        // ServiceImagesTest reads them from here.
        command.add("-Xmx256m");
        // The heap starts small and grows as the service needs it: on a large host the JVM would start at
        // 1/64 of its memory (capped by -Xmx), and the resident set would follow the young generation.
        command.add("-Xms32m");
        // One GC thread and no region bookkeeping: the services mostly wait, on a small heap.
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-Dquarkus.http.port=" + httpPort);
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Dquarkus.management.port=" + managementPort);
        command.add("-Dquarkus.management.host=127.0.0.1");
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }

    /** Waits, at most {@code timeout}, for {@code /q/health/ready} on the management port to answer 200. */
    public void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        URI ready = management("/q/health/ready");
        while (Instant.now().isBefore(deadline)) {
            if (!isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    if (readyAt == null) {
                        readyAt = Instant.now();
                    }
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            Waits.pause();
        }
        throw new IllegalStateException(name + " not ready after " + timeout.toSeconds() + " s; see " + log);
    }

    /**
     * The sum of a Prometheus counter's series on {@code /q/metrics} whose labels contain
     * {@code labels} (e.g. {@code outcome="ok"}); 0 while it is not registered or the service is down.
     */
    public double counter(String name, String labels) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    management("/q/metrics")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return pw.fullstack.ephemeral.testkit.metrics.PrometheusText.sum(response.body(), name, labels);
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A path on the management interface, e.g. {@code /q/health/ready} or {@code /expiries}. */
    public URI management(String path) {
        return URI.create("http://127.0.0.1:" + managementPort + path);
    }

    /** The running JVM's process id (for its CPU time and memory in /proc), if started. */
    public synchronized java.util.OptionalLong pid() {
        return process == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(process.pid());
    }

    /**
     * From the JVM's start (as the kernel recorded it) to the first {@code /q/health/ready} 200 that
     * {@link #awaitReady} saw; empty before that.
     */
    public synchronized java.util.Optional<Duration> timeToReady() {
        return startedAt == null || readyAt == null ? java.util.Optional.empty()
                : java.util.Optional.of(Duration.between(startedAt, readyAt));
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** {@code kill -9}: no shutdown hooks, no graceful Kafka leave, like a node that lost power. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitForExit();
        }
    }

    /** A graceful stop (SIGTERM), bounded; forced after {@value #STOP_GRACE_SECONDS} s. */
    public void stop() {
        requestStop();
        awaitStopped();
    }

    /** Sends SIGTERM and returns. */
    public synchronized void requestStop() {
        if (process != null && process.isAlive()) {
            process.destroy();
        }
    }

    /** Waits for the exit that {@link #requestStop()} asked for; {@code kill -9} when it does not come in time. */
    public synchronized void awaitStopped() {
        if (process == null) {
            return;
        }
        try {
            if (!process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void waitForExit() {
        try {
            process.onExit().get(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(name + " did not exit", e);
        }
    }


    @Override
    public void close() {
        stop();
    }
}
