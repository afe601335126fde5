package pw.fullstack.ephemeral.testkit.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ListMeta;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import pw.fullstack.ephemeral.testkit.schema.admission.AdmissionWebhook;
import pw.fullstack.ephemeral.testkit.schema.admission.ProviderWebhooks;
import pw.fullstack.ephemeral.testkit.schema.admission.WebhookDenial;

/**
 * What a Kubernetes API server does with a write of a custom resource, in its order: strict
 * field validation (400 {@code BadRequest}, {@code strict decoding error: unknown field "spec.foo"}),
 * defaulting, schema/metadata/list-type/CEL validation (422 {@code Invalid} with causes), then the
 * validating webhooks (their own code and reason, message prefixed with
 * {@code admission webhook "<name>" denied the request}). Built-in kinds are accepted unchanged;
 * kinds that are neither built in nor registered are refused with 404 like the real server.
 *
 * <p>Usable on its own (e.g. to check rendered templates) and used by {@code MockKubernetesCluster}.
 * Thread-safe; CRDs can be registered and removed while in use (a CRD created or deleted through the
 * API).
 */
public final class ApiServerAdmission {

    private final Map<String, CustomResourceType> byResource = new ConcurrentHashMap<>();
    private final Map<String, CustomResourceType> byKind = new ConcurrentHashMap<>();
    private final List<AdmissionWebhook> webhooks = new CopyOnWriteArrayList<>();

    private ApiServerAdmission() {
    }

    /** An API server with these CRDs installed and these webhooks registered. */
    public static ApiServerAdmission of(Collection<CustomResourceDefinition> crds, Collection<AdmissionWebhook> webhooks) {
        ApiServerAdmission admission = new ApiServerAdmission();
        crds.forEach(admission::register);
        admission.webhooks.addAll(webhooks);
        return admission;
    }

    /** Every upstream CRD and every mirrored provider webhook. */
    public static ApiServerAdmission upstream() {
        return of(UpstreamCrds.all(), ProviderWebhooks.all());
    }

    public void register(CustomResourceDefinition crd) {
        CustomResourceType type = CustomResourceType.of(crd);
        byResource.put(type.group() + "/" + type.plural(), type);
        byKind.put(type.group() + "/" + type.kind(), type);
    }

    public void unregister(CustomResourceDefinition crd) {
        byResource.remove(crd.getSpec().getGroup() + "/" + crd.getSpec().getNames().getPlural());
        byKind.remove(crd.getSpec().getGroup() + "/" + crd.getSpec().getNames().getKind());
    }

    public Optional<CustomResourceType> customResource(String group, String plural) {
        return Optional.ofNullable(byResource.get(group + "/" + plural));
    }

    public Optional<CustomResourceType> customResourceByKind(String group, String kind) {
        return Optional.ofNullable(byKind.get(group + "/" + kind));
    }

    /** Whether an installed CRD serves this group/version. */
    public boolean servesGroupVersion(String group, String version) {
        return byResource.values().stream().anyMatch(t -> t.group().equals(group) && t.version(version).isPresent());
    }

    public Optional<CustomResourceType> customKind(String group, String kind) {
        return Optional.ofNullable(byKind.get(group + "/" + kind));
    }

    /**
     * Admits a whole object by its {@code apiVersion} and {@code kind}, as a create (old null) or an
     * update of the resource itself, with strict field validation.
     */
    public AdmissionOutcome admit(JsonNode object, JsonNode old) {
        String apiVersion = object.path("apiVersion").asText("");
        String kind = object.path("kind").asText("");
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        if (BuiltInResources.byKind(group, version, kind).isPresent()) {
            return new AdmissionOutcome.Accepted(((ObjectNode) object).deepCopy(), List.of());
        }
        Optional<CustomResourceType> type = customKind(group, kind);
        if (type.isEmpty() || type.get().version(version).isEmpty()) {
            return new AdmissionOutcome.Refused(notFound());
        }
        return admit(type.get(), version, old == null ? Operation.CREATE : Operation.UPDATE, null, object, old,
                FieldValidation.STRICT);
    }

    /**
     * Admits a write of a registered custom resource.
     *
     * @param subresource {@code null} or {@code "status"}; webhooks do not see status writes
     * @param old         the stored object on update, else null
     */
    public AdmissionOutcome admit(CustomResourceType type, String version, Operation operation, String subresource,
                                  JsonNode object, JsonNode old, FieldValidation fieldValidation) {
        CustomResourceType.Version served = type.version(version).orElse(null);
        if (served == null) {
            return new AdmissionOutcome.Refused(notFound());
        }
        ObjectNode candidate = ((ObjectNode) object).deepCopy();
        List<String> unknown = served.schema().normalize(candidate, fieldValidation != FieldValidation.STRICT);
        String name = candidate.path("metadata").path("name").asText("");
        if (!unknown.isEmpty() && fieldValidation == FieldValidation.STRICT) {
            String fields = unknown.stream().map(f -> "unknown field " + GoValues.quote(f)).collect(Collectors.joining(", "));
            return new AdmissionOutcome.Refused(status(400, "BadRequest", type.kind() + " in version " + GoValues.quote(version)
                    + " cannot be handled as a " + type.kind() + ": strict decoding error: " + fields, null));
        }
        List<FieldError> errors = served.schema().validate(candidate, old);
        if (!errors.isEmpty()) {
            return new AdmissionOutcome.Refused(invalid(type.group(), type.kind(), name, errors));
        }
        if (subresource == null) {
            for (AdmissionWebhook webhook : webhooks) {
                if (webhook.group().equals(type.group()) && webhook.kind().equals(type.kind())) {
                    Optional<WebhookDenial> denial = webhook.review(operation, candidate, old);
                    if (denial.isPresent()) {
                        return new AdmissionOutcome.Refused(denied(webhook.name(), denial.get()));
                    }
                }
            }
        }
        List<String> warnings = fieldValidation == FieldValidation.WARN
                ? unknown.stream().map(f -> "unknown field " + GoValues.quote(f)).toList() : List.of();
        return new AdmissionOutcome.Accepted(candidate, warnings);
    }

    /** The 422 {@code Invalid} status of {@code apierrors.NewInvalid}. */
    public static Status invalid(String group, String kind, String name, List<FieldError> errors) {
        return status(422, "Invalid", WebhookDenial.invalidMessage(group, kind, name, errors),
                details(group, kind, name, errors));
    }

    /** What the API server answers for a path no resource is served at. */
    public static Status notFound() {
        return status(404, "NotFound", "the server could not find the requested resource", null);
    }

    private static Status denied(String webhook, WebhookDenial denial) {
        String message = "admission webhook " + GoValues.quote(webhook) + " denied the request: " + denial.message();
        return status(denial.code(), denial.reason(), message,
                denial.causes().isEmpty() ? null : details(denial.group(), denial.kind(), denial.name(), denial.causes()));
    }

    private static io.fabric8.kubernetes.api.model.StatusDetails details(String group, String kind, String name, List<FieldError> errors) {
        List<StatusCause> causes = new ArrayList<>();
        for (FieldError error : errors) {
            causes.add(new StatusCauseBuilder().withReason(error.type().reason()).withMessage(error.errorBody())
                    .withField(error.field()).build());
        }
        return new io.fabric8.kubernetes.api.model.StatusDetailsBuilder().withGroup(group).withKind(kind).withName(name)
                .withCauses(causes).build();
    }

    static Status status(int code, String reason, String message, io.fabric8.kubernetes.api.model.StatusDetails details) {
        StatusBuilder builder = new StatusBuilder().withApiVersion("v1").withKind("Status").withMetadata(new ListMeta())
                .withStatus("Failure").withMessage(message).withReason(reason).withCode(code);
        builder.withDetails(details == null ? new io.fabric8.kubernetes.api.model.StatusDetails() : details);
        return builder.build();
    }
}
