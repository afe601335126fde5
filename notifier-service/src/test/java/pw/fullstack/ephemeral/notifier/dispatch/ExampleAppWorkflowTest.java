package pw.fullstack.ephemeral.notifier.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.notifier.NotifierConfig;
import pw.fullstack.ephemeral.notifier.Saga;
import pw.fullstack.ephemeral.notifier.timeline.PrTimeline;
import pw.fullstack.ephemeral.notifier.timeline.Timeline;

/**
 * The example application workflow (examples/app-repository) answers the dispatch this notifier
 * sends: it listens for the configured event type and reads only keys the payload has. A renamed
 * payload key or event type breaks this test before it breaks an app repository.
 */
class ExampleAppWorkflowTest {

    private static final Path WORKFLOW = Path.of(System.getProperty("basedir", "."))
            .resolve("../examples/app-repository/.github/workflows/pr-ephemeral.yml").normalize();
    private static final Pattern PAYLOAD_READ = Pattern.compile("github\\.event\\.client_payload((?:\\.[A-Za-z0-9_]+)+)");

    private final JsonNode workflow = read(WORKFLOW);
    private final JsonNode payload = sentPayload(configured(Map.of()));

    @Test
    void readsOnlyKeysTheDispatchCarries() {
        Set<String> reads = payloadReads(workflow);

        assertThat(reads).as("client_payload keys the workflow reads").isNotEmpty();
        assertThat(reads).allSatisfy(path -> assertThat(payload.at(path.replace('.', '/')).isMissingNode())
                .as("the workflow reads client_payload%s, which the dispatch does not carry: %s", path, payload)
                .isFalse());
    }

    @Test
    void deploysWithTheNamesTheContractAnnounces() {
        assertThat(payloadReads(workflow)).contains(".head_sha", ".run_id", ".environment.cluster_name",
                ".environment.namespace", ".environment.host", ".environment.kubeconfig.vault_mount",
                ".environment.kubeconfig.vault_path", ".environment.kubeconfig.field");
    }

    @Test
    void listensForTheEventTypeTheNotifierSends() {
        JsonNode types = workflow.path("on").path("repository_dispatch").path("types");
        List<String> listened = new ArrayList<>();
        types.forEach(type -> listened.add(type.asText()));

        assertThat(listened).containsExactly(configured(Map.of()).dispatch().eventType());
    }

    @Test
    void worksTheSameWhenTheServicesKeepRepositoryNamesAsGiven() {
        JsonNode seedStyle = sentPayload(configured(Map.of("notifier.name-form", "as-given")));

        assertThat(seedStyle.at("/environment/cluster_name").asText()).isEqualTo("pr-cks-backend-42");
        assertThat(seedStyle.at("/environment/host").asText()).isEqualTo("pr-42-cks-backend.ephemeral.fullstack.pw");
        assertThat(payloadReads(workflow)).allSatisfy(path -> assertThat(seedStyle.at(path.replace('.', '/')).isMissingNode())
                .as("client_payload%s", path).isFalse());
    }

    private static Set<String> payloadReads(JsonNode node) {
        Set<String> paths = new TreeSet<>();
        collect(node, paths);
        return paths;
    }

    private static void collect(JsonNode node, Set<String> paths) {
        if (node.isTextual()) {
            Matcher matcher = PAYLOAD_READ.matcher(node.asText());
            while (matcher.find()) {
                paths.add(matcher.group(1));
            }
        }
        node.forEach(child -> collect(child, paths));
    }

    /** What the notifier sends for a PR whose whole run went through, with these settings. */
    private static JsonNode sentPayload(NotifierConfig config) {
        Saga saga = Saga.of(config.naming(), "fullstack-pw/cks-backend", 42, Instant.parse("2026-11-28T10:00:00Z"));
        PrTimeline t = Timeline.fold(null, List.of(saga.opened, saga.allocated(), saga.ready(), saga.installed())).timeline();
        Map<String, Object> sent = new DispatchPayload(config.naming(), config.dispatch().appNamespace()).of(t);
        return new ObjectMapper().valueToTree(sent);
    }

    /** The notifier's settings as it runs in production (its defaults, its application.properties), and {@code overrides}. */
    private static NotifierConfig configured(Map<String, String> overrides) {
        URL properties = ExampleAppWorkflowTest.class.getResource("/application.properties");
        try {
            SmallRyeConfig config = new SmallRyeConfigBuilder()
                    .withSources(new PropertiesConfigSource(properties))
                    .withSources(new PropertiesConfigSource(overrides, "overrides", 500))
                    .withConverter(Duration.class, 100, new DurationConverter()) // Quarkus's, for "1H"
                    .withMapping(NotifierConfig.class)
                    .build();
            return config.getConfigMapping(NotifierConfig.class);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the notifier's application.properties", e);
        }
    }

    private static JsonNode read(Path file) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the example workflow " + file, e);
        }
    }
}
