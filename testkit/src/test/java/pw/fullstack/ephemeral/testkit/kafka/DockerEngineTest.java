package pw.fullstack.ephemeral.testkit.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import pw.fullstack.ephemeral.testkit.kafka.KafkaBrokerChoice.Broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** On a machine without a Docker engine (this project's build machines: a docker CLI, no engine). */
class DockerEngineTest {

    @Test
    void withoutADockerEngineTheEmbeddedBrokerIsChosenWithinSecondsNotAfterATimeout() {
        assumeTrue(noDockerEndpointInSight(), "a Docker engine may answer on this machine");

        DockerEngine.Probe probe = DockerEngine.probe(DockerEngine.PROBE_TIMEOUT);

        assertThat(probe.answers()).isFalse();
        assertThat(probe.detail()).isEqualTo("Testcontainers found no valid Docker environment");
        assertThat(probe.took()).isLessThan(Duration.ofSeconds(5));
        assertThat(KafkaBrokerChoice.decide(Map.of(), DockerEngine::answers).broker()).isEqualTo(Broker.EMBEDDED);
    }

    @Test
    void aProbeThatDoesNotAnswerInTimeCountsAsNoEngine() {
        DockerEngine.Probe probe = DockerEngine.probe(Duration.ZERO);

        assertThat(probe.answers()).isFalse();
        assertThat(probe.took()).isLessThan(Duration.ofSeconds(1));
    }

    private static boolean noDockerEndpointInSight() {
        String dockerHost = System.getenv("DOCKER_HOST");
        String runtimeDirectory = System.getenv("XDG_RUNTIME_DIR");
        Path home = Path.of(System.getProperty("user.home"));
        return (dockerHost == null || dockerHost.isBlank())
                && !Files.exists(home.resolve(".testcontainers.properties"))
                && Stream.of(Path.of("/var/run/docker.sock"), home.resolve(".docker/run/docker.sock"),
                                home.resolve(".docker/desktop/docker.sock"),
                                runtimeDirectory == null ? Path.of("/nonexistent") : Path.of(runtimeDirectory, "docker.sock"))
                        .noneMatch(Files::exists);
    }
}
