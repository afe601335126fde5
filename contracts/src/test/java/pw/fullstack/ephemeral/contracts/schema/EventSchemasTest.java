package pw.fullstack.ephemeral.contracts.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import pw.fullstack.ephemeral.contracts.SampleEvents;
import pw.fullstack.ephemeral.contracts.events.EventType;
import pw.fullstack.ephemeral.contracts.json.EventJson;

/**
 * The schemas under {@code contracts/src/main/resources/schemas} are what the records produce.
 * After changing an event, regenerate them with
 * {@code mvn -pl contracts test -Dtest=EventSchemasTest -Dcontracts.writeSchemas=true} and review the diff.
 */
class EventSchemasTest {

    private static final Path CHECKED_IN = Path.of("src/main/resources/schemas");
    private final EventSchemas schemas = new EventSchemas();

    @ParameterizedTest
    @EnumSource(EventType.class)
    void theCheckedInSchemaIsTheOneTheRecordProduces(EventType type) throws IOException {
        ObjectNode generated = schemas.schemaOf(type);
        if (Boolean.getBoolean("contracts.writeSchemas")) {
            Files.createDirectories(CHECKED_IN);
            Files.writeString(CHECKED_IN.resolve(EventSchemas.fileName(type)),
                    EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(generated) + "\n");
        }

        assertThat(checkedIn(type)).as("schemas/%s is stale; regenerate it (see class comment)", EventSchemas.fileName(type))
                .isEqualTo(generated);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void aSampleEventHasEveryRequiredPropertyAndNoUndeclaredOne(EventType type) throws IOException {
        JsonNode schema = checkedIn(type);
        JsonNode sample = EventJson.mapper().valueToTree(SampleEvents.of(type));

        Set<String> declared = new HashSet<>();
        schema.get("properties").fieldNames().forEachRemaining(declared::add);
        Set<String> present = new HashSet<>();
        sample.fieldNames().forEachRemaining(present::add);
        Set<String> required = new HashSet<>();
        schema.path("required").forEach(name -> required.add(name.asText()));

        assertThat(present).isSubsetOf(declared);
        assertThat(present).containsAll(required);
        assertThat(required).contains("pullRequest", "clusterName");
    }

    private static JsonNode checkedIn(EventType type) throws IOException {
        try (InputStream in = EventSchemasTest.class.getResourceAsStream("/schemas/" + EventSchemas.fileName(type))) {
            return in == null ? null : EventJson.mapper().readTree(in);
        }
    }
}
