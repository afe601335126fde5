package pw.fullstack.ephemeral.bridge.github;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.stream.Collectors;
import pw.fullstack.ephemeral.contracts.InvalidInputException;

/**
 * Reads GitHub's webhook payloads (snake_case, ISO-8601 times) into the records of this package,
 * ignoring the many fields the bridge does not use. Errors become {@link InvalidInputException}s that
 * name the field by its JSON path and never quote the body.
 */
public final class GitHubJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private GitHubJson() {
    }

    public static <T> T read(byte[] body, Class<T> type) {
        try {
            T value = MAPPER.readValue(body, type);
            if (value == null) {
                throw new InvalidInputException("body", "is not a JSON object");
            }
            return value;
        } catch (JsonMappingException e) {
            throw new InvalidInputException(path(e), "has the wrong type or format");
        } catch (JacksonException e) {
            throw new InvalidInputException("body", "is not valid JSON");
        } catch (IOException e) {
            throw new InvalidInputException("body", "could not be read");
        }
    }

    /** A request body for GitHub's API. */
    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** {@code pull_request.head.ref}: only the names of our records' fields, never a value from the body. */
    private static String path(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return path.isEmpty() ? "body" : path;
    }
}
