package pw.fullstack.ephemeral.contracts.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import pw.fullstack.ephemeral.contracts.SampleEvents;
import pw.fullstack.ephemeral.contracts.events.EventType;
import pw.fullstack.ephemeral.contracts.json.EventJson;

/**
 * What the records serialise to, validated against the checked-in JSON Schemas by a JSON Schema
 * validator (draft 2020-12, formats asserted) — the schemas other teams' consumers are written
 * against — and what the schemas refuse.
 */
class EventsAgainstTheirSchemasTest {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventAsSerialisedConformsToItsCheckedInSchema(EventType type) {
        assertThat(problems(type, sample(type))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void anEventMissingARequiredPropertyIsRefused(EventType type) {
        for (JsonNode required : schema(type).path("required")) {
            ObjectNode event = sample(type);
            event.remove(required.asText());

            assertThat(problems(type, event)).as("without %s", required.asText())
                    .anySatisfy(problem -> assertThat(problem).contains(required.asText()));
        }
    }

    @Test
    void valuesTheNamingAndNetworkRulesRefuseAreRefusedByTheSchemaToo() {
        ObjectNode badAddress = sample(EventType.IP_ALLOCATED);
        badAddress.withArray("addresses").set(0, EventJson.mapper().getNodeFactory().textNode("192.168.1.256"));
        ObjectNode badName = sample(EventType.IP_ALLOCATED);
        badName.put("clusterName", "PR_42\nkind: Secret");
        ObjectNode badBranch = sample(EventType.IP_ALLOCATED);
        badBranch.put("branch", "feature/$(rm -rf)");
        ObjectNode badTime = sample(EventType.IP_ALLOCATED);
        badTime.put("openedAt", "yesterday");
        ObjectNode badRepository = sample(EventType.IP_ALLOCATED);
        badRepository.with("pullRequest").put("repository", "../etc");

        for (ObjectNode event : List.of(badAddress, badName, badBranch, badTime, badRepository)) {
            assertThat(problems(EventType.IP_ALLOCATED, event)).as(event.toString()).isNotEmpty();
        }
    }

    private static ObjectNode sample(EventType type) {
        return EventJson.mapper().valueToTree(SampleEvents.of(type));
    }

    private static List<String> problems(EventType type, JsonNode event) {
        JsonSchema schema = FACTORY.getSchema(schema(type), CONFIG);
        return schema.validate(event).stream().map(ValidationMessage::getMessage).toList();
    }

    private static JsonNode schema(EventType type) {
        try (InputStream in = EventsAgainstTheirSchemasTest.class.getResourceAsStream("/schemas/" + EventSchemas.fileName(type))) {
            assertThat(in).as("schemas/" + EventSchemas.fileName(type)).isNotNull();
            return EventJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
