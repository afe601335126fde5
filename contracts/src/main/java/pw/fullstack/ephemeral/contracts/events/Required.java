package pw.fullstack.ephemeral.contracts.events;

import java.util.List;
import java.util.Objects;
import pw.fullstack.ephemeral.contracts.InvalidInputException;

/** Presence checks shared by the event records, with messages that name the missing field. */
final class Required {

    private Required() {
    }

    static <T> T field(String name, T value) {
        if (value == null) {
            throw new InvalidInputException(name, "is required");
        }
        return value;
    }

    static String text(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(name, "is required");
        }
        return value;
    }

    static <T> List<T> nonEmpty(String name, List<T> values) {
        if (values == null || values.isEmpty()) {
            throw new InvalidInputException(name, "needs at least one entry");
        }
        if (values.stream().anyMatch(Objects::isNull)) {
            throw new InvalidInputException(name, "must not contain null");
        }
        return List.copyOf(values);
    }

    static <T> List<T> orEmpty(List<T> values) {
        return values == null ? List.of() : values.stream().filter(Objects::nonNull).toList();
    }
}
