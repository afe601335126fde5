package pw.fullstack.ephemeral.testkit.schema.admission;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import pw.fullstack.ephemeral.testkit.schema.Operation;

/**
 * A provider's validating admission webhook, mirrored from its code. It sees the object after schema
 * validation and defaulting, for create and update of the resource itself (not its status
 * subresource, which the providers' webhook configurations do not match).
 */
public interface AdmissionWebhook {

    /** The webhook's name in the provider's ValidatingWebhookConfiguration. */
    String name();

    String group();

    String kind();

    /** Empty when the webhook allows the request. */
    Optional<WebhookDenial> review(Operation operation, JsonNode object, JsonNode oldObject);
}
