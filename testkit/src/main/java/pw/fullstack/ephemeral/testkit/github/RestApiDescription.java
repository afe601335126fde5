package pw.fullstack.ephemeral.testkit.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi30;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import pw.fullstack.ephemeral.testkit.upstream.UpstreamFiles;

/**
 * GitHub's REST API description as published in {@code @octokit/openapi} (the dereferenced
 * {@code api.github.com.deref.json}, every {@code $ref} resolved), cut to the paths this project calls
 * or serves: {@value #FILE} in the upstream directory, pinned in {@code upstream.lock}. Request bodies
 * and response bodies are validated as OpenAPI 3.0 schemas ({@code nullable} understood).
 */
public final class RestApiDescription {

    public static final String FILE = "github/rest/api.github.com.subset.deref.json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile RestApiDescription instance;

    private final JsonNode document;
    private final List<PathTemplate> paths = new ArrayList<>();
    private final JsonSchemaFactory factory;
    private final SchemaValidatorsConfig requests = SchemaValidatorsConfig.builder().build();
    /**
     * GitHub answers {@code ""} for an unset {@code target_url}, {@code environment_url} or {@code log_url}
     * although the description declares {@code format: uri}: in replies a format is an annotation, as
     * OpenAPI allows, or the check would refuse what GitHub itself sends.
     */
    private final SchemaValidatorsConfig replies = SchemaValidatorsConfig.builder().formatAssertionsEnabled(false).build();
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    private record PathTemplate(String template, Pattern pattern, int literalSegments) {

        static PathTemplate of(String template) {
            StringBuilder regex = new StringBuilder();
            int literals = 0;
            for (String segment : template.substring(1).split("/")) {
                boolean parameter = segment.startsWith("{") && segment.endsWith("}");
                regex.append('/').append(parameter ? "[^/]+" : Pattern.quote(segment));
                literals += parameter ? 0 : 1;
            }
            return new PathTemplate(template, Pattern.compile(regex.toString()), literals);
        }
    }

    RestApiDescription(JsonNode document) {
        this.document = document;
        for (Iterator<String> names = document.path("paths").fieldNames(); names.hasNext(); ) {
            paths.add(PathTemplate.of(names.next()));
        }
        // The most literal template wins: /repos/{o}/{r}/issues/comments/{id} over /repos/{o}/{r}/issues/{n}/comments.
        paths.sort(Comparator.comparingInt(PathTemplate::literalSegments).reversed());
        factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4, builder -> builder
                .metaSchema(JsonMetaSchema.builder(OpenApi30.getInstance()).build())
                .defaultMetaSchemaIri(OpenApi30.getInstance().getIri()));
    }

    public static RestApiDescription get() {
        RestApiDescription description = instance;
        if (description == null) {
            synchronized (RestApiDescription.class) {
                description = instance;
                if (description == null) {
                    try (InputStream in = UpstreamFiles.configured().open(FILE)) {
                        description = new RestApiDescription(JSON.readTree(in));
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot parse " + FILE, e);
                    }
                    instance = description;
                }
            }
        }
        return description;
    }

    /** The description's path template for a concrete request path, e.g. {@code /repos/{owner}/{repo}/dispatches}. */
    public Optional<String> template(String path) {
        return paths.stream().filter(p -> p.pattern().matcher(path).matches()).map(PathTemplate::template).findFirst();
    }

    /** Problems of a request body against the operation's schema; empty when it conforms. */
    public List<String> requestProblems(String template, String method, JsonNode body) {
        return problems(operation(template, method) + "/requestBody/content/application~1json/schema", body, requests)
                .orElseThrow(() -> new IllegalArgumentException("the description has no JSON request body for "
                        + method + " " + template));
    }

    /**
     * Problems of a response body against what the description documents for this operation and
     * status; empty when it conforms, absent when the description documents no JSON body for them
     * (e.g. a 401, which GitHub sends on every operation but describes on few).
     */
    public Optional<List<String>> responseProblems(String template, String method, int status, JsonNode body) {
        return problems(operation(template, method) + "/responses/" + status + "/content/application~1json/schema", body, replies);
    }

    private static String operation(String template, String method) {
        return "/paths/" + escape(template) + "/" + method.toLowerCase(Locale.ROOT);
    }

    private Optional<List<String>> problems(String pointer, JsonNode value, SchemaValidatorsConfig config) {
        if (document.at(pointer).isMissingNode()) {
            return Optional.empty();
        }
        JsonSchema schema = schemas.computeIfAbsent(pointer, p -> factory.getSchema(document.at(p), config));
        return Optional.of(schema.validate(value).stream()
                .map(ValidationMessage::getMessage)
                .sorted()
                .toList());
    }

    private static String escape(String segment) {
        return segment.replace("~", "~0").replace("/", "~1");
    }
}
