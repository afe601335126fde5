package pw.fullstack.ephemeral.testkit.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi30;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The vendored extract of GitHub's REST API description ({@value #RESOURCE}, see SOURCE.md beside
 * it): request bodies of the operations the notifier uses and the schemas of the objects GitHub
 * returns for them, validated as OpenAPI 3.0 schemas ({@code nullable} understood).
 */
public final class RestApiDescription {

    public static final String RESOURCE = "pw/fullstack/ephemeral/testkit/github/rest-api-subset.json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RestApiDescription INSTANCE = new RestApiDescription();

    private final JsonNode document;
    private final JsonSchemaFactory factory;
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().build();
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    private RestApiDescription() {
        try (InputStream in = RestApiDescription.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path");
            }
            document = JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The schemas live inside an OpenAPI document: its top-level members are not schema keywords.
        JsonMetaSchema dialect = JsonMetaSchema.builder(OpenApi30.getInstance())
                .keywords(java.util.List.of(new NonValidationKeyword("openapi"), new NonValidationKeyword("info"),
                        new NonValidationKeyword("paths"), new NonValidationKeyword("components"),
                        new NonValidationKeyword("operationId"), new NonValidationKeyword("requestBody"),
                        new NonValidationKeyword("responses"), new NonValidationKeyword("content")))
                .build();
        factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4, builder -> builder
                .metaSchema(dialect)
                .defaultMetaSchemaIri(dialect.getIri()));
    }

    public static RestApiDescription get() {
        return INSTANCE;
    }

    /** Problems of a request body against the operation's schema; empty when it conforms. */
    public List<String> requestProblems(String path, String method, JsonNode body) {
        String pointer = "/paths/" + escape(path) + "/" + method.toLowerCase(java.util.Locale.ROOT)
                + "/requestBody/content/application~1json/schema";
        return problems(pointer, body);
    }

    /** Problems of an object against {@code components.schemas.<name>}; empty when it conforms. */
    public List<String> schemaProblems(String name, JsonNode value) {
        return problems("/components/schemas/" + escape(name), value);
    }

    private List<String> problems(String pointer, JsonNode value) {
        JsonSchema schema = schemas.computeIfAbsent(pointer, this::load);
        return schema.validate(value).stream()
                .sorted(Comparator.comparing(ValidationMessage::getMessage))
                .map(ValidationMessage::getMessage)
                .toList();
    }

    private JsonSchema load(String pointer) {
        JsonNode node = document.at(pointer);
        if (node.isMissingNode()) {
            throw new IllegalArgumentException("the vendored description has nothing at " + pointer);
        }
        // Located in the whole document, so "#/components/schemas/..." references resolve.
        return factory.getSchema(SchemaLocation.of("classpath:" + RESOURCE + "#" + pointer), config);
    }

    private static String escape(String segment) {
        return segment.replace("~", "~0").replace("/", "~1");
    }
}
