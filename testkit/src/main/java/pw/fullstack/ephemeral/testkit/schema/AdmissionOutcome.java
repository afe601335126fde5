package pw.fullstack.ephemeral.testkit.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Status;
import java.util.List;

/** What the API server makes of a write: the object it stores (defaulted, maybe pruned) or a refusal. */
public sealed interface AdmissionOutcome {

    /** @param warnings {@code Warning} header texts (e.g. pruned unknown fields under fieldValidation=Warn) */
    record Accepted(ObjectNode object, List<String> warnings) implements AdmissionOutcome {
    }

    /** The {@code Status} body and HTTP code the API server answers with. */
    record Refused(Status status) implements AdmissionOutcome {

        public int code() {
            return status.getCode();
        }

        public String message() {
            return status.getMessage();
        }
    }

    default boolean accepted() {
        return this instanceof Accepted;
    }
}
