package pw.fullstack.ephemeral.contracts.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.CustomDefinition;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.github.victools.jsonschema.module.jackson.JacksonOption;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import pw.fullstack.ephemeral.contracts.events.ClusterDestroyed;
import pw.fullstack.ephemeral.contracts.events.EventType;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.contracts.json.EventJson;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.network.Ipv4Address;
import pw.fullstack.ephemeral.contracts.pr.BranchName;
import pw.fullstack.ephemeral.contracts.pr.CommitSha;
import pw.fullstack.ephemeral.contracts.pr.RepositoryRef;

/** Generates the JSON Schema of an event's data from its record, as checked in under {@code schemas/}. */
final class EventSchemas {

    /** Fields a producer may leave out: the record (or Jackson, for a boolean) fills in a default. */
    private static final Set<String> OPTIONAL = Set.of("options", "installPostgres", "merged", "lastConditions", "components",
            "installed", "phaseDurations", "warnings", "step", "detail");

    /** Value types travel as strings; their rules are the record's validation, summarised here. */
    private static final Map<Class<?>, String[]> STRING_TYPES = Map.of(
            RepositoryRef.class, new String[] {"owner/name", "^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}/[A-Za-z0-9._-]{1,100}$"},
            BranchName.class, new String[] {"branch name", "^[A-Za-z0-9._/-]{1,255}$"},
            CommitSha.class, new String[] {"full commit id", "^([0-9a-f]{40}|[0-9a-f]{64})$"},
            ClusterName.class, new String[] {"cluster name (DNS-1123 label)", "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"},
            Ipv4Address.class, new String[] {"IPv4 address", "^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$"});

    private final SchemaGenerator generator;

    EventSchemas() {
        SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(
                EventJson.mapper(), SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
                .with(new JacksonModule(JacksonOption.FLATTENED_ENUMS_FROM_JSONVALUE))
                .without(Option.SCHEMA_VERSION_INDICATOR);
        config.forTypesInGeneral().withCustomDefinitionProvider((type, context) -> {
            Class<?> erased = type.getErasedType();
            if (STRING_TYPES.containsKey(erased)) {
                String[] description = STRING_TYPES.get(erased);
                ObjectNode node = context.getGeneratorConfig().createObjectNode()
                        .put("type", "string").put("description", description[0]).put("pattern", description[1]);
                return new CustomDefinition(node, CustomDefinition.DefinitionType.INLINE, CustomDefinition.AttributeInclusion.NO);
            }
            if (erased == Instant.class) {
                return inlineString(context.getGeneratorConfig().createObjectNode(), "date-time");
            }
            if (erased == URI.class) {
                return inlineString(context.getGeneratorConfig().createObjectNode(), "uri");
            }
            return null;
        });
        config.forFields().withRequiredCheck(field -> !OPTIONAL.contains(field.getName())
                && !(field.getDeclaringType().getErasedType() == ClusterDestroyed.class && field.getName().equals("addresses"))
                && !(field.getDeclaringType().getErasedType() == PrOpened.class && field.getName().equals("headSha")));
        generator = new SchemaGenerator(config.build());
    }

    private static CustomDefinition inlineString(ObjectNode node, String format) {
        node.put("type", "string").put("format", format);
        return new CustomDefinition(node, CustomDefinition.DefinitionType.INLINE, CustomDefinition.AttributeInclusion.NO);
    }

    ObjectNode schemaOf(EventType type) {
        ObjectNode schema = generator.generateSchema(type.eventClass());
        ObjectNode root = EventJson.mapper().createObjectNode()
                .put("$schema", "https://json-schema.org/draft/2020-12/schema")
                .put("$id", "urn:ephemeral-clusters:event:" + type.eventName())
                .put("title", type.eventName())
                .put("description", "data of CloudEvents type " + type.cloudEventType()
                        + "; unknown properties must be ignored by consumers");
        root.setAll(schema);
        return root;
    }

    static String fileName(EventType type) {
        return type.eventName() + ".schema.json";
    }
}
