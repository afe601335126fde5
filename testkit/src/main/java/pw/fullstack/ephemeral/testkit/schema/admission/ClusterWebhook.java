package pw.fullstack.ephemeral.testkit.schema.admission;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import pw.fullstack.ephemeral.testkit.schema.FieldError;
import pw.fullstack.ephemeral.testkit.schema.Operation;

/**
 * Cluster API's Cluster validating webhook, mirrored from kubernetes-sigs/cluster-api v1.12.11
 * {@code internal/webhooks/cluster.go} ({@code validate}, {@code validateTopology}'s feature-gate
 * check, {@code validateCIDRBlocks}), with {@code IsDefined} of {@code api/core/v1beta2}.
 *
 * <p>Mirrored: the name must be a valid label value; one of controlPlaneRef, infrastructureRef or
 * topology must be set; infrastructureRef, controlPlaneRef and topology cannot be removed on update;
 * pod and service CIDR blocks must parse. A topology is refused as the ClusterTopology feature gate
 * is off by default ({@code feature/feature.go}: Alpha, default false); the ClusterClass checks that
 * follow when it is on need a ClusterClass and are not mirrored.
 */
public final class ClusterWebhook implements AdmissionWebhook {

    static final String GROUP = "cluster.x-k8s.io";
    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");

    @Override
    public String name() {
        return "validation.cluster.cluster.x-k8s.io";
    }

    @Override
    public String group() {
        return GROUP;
    }

    @Override
    public String kind() {
        return "Cluster";
    }

    @Override
    public Optional<WebhookDenial> review(Operation operation, JsonNode object, JsonNode oldObject) {
        List<FieldError> errors = new ArrayList<>();
        String name = object.path("metadata").path("name").asText();
        if (name.length() > 63) {
            errors.add(FieldError.invalid("metadata.name", name, "must be a valid label value must be no more than 63 characters"));
        }
        if (!LABEL_VALUE.matcher(name).matches()) {
            errors.add(FieldError.invalid("metadata.name", name, "must be a valid label value a valid label must be an empty string"
                    + " or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric"
                    + " character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is"
                    + " '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"));
        }
        JsonNode spec = object.path("spec");
        JsonNode oldSpec = oldObject == null ? null : oldObject.path("spec");
        boolean update = operation == Operation.UPDATE && oldSpec != null;
        if (!refDefined(spec.get("infrastructureRef")) && update && refDefined(oldSpec.get("infrastructureRef"))) {
            errors.add(FieldError.forbidden("spec.infrastructureRef", "cannot be removed"));
        }
        if (!refDefined(spec.get("controlPlaneRef")) && !refDefined(spec.get("infrastructureRef")) && !topologyDefined(spec.get("topology"))) {
            errors.add(FieldError.forbidden("spec", "one of spec.controlPlaneRef, spec.infrastructureRef or spec.topology must be set"));
        }
        if (!refDefined(spec.get("controlPlaneRef")) && update && refDefined(oldSpec.get("controlPlaneRef"))) {
            errors.add(FieldError.forbidden("spec.controlPlaneRef", "cannot be removed"));
        }
        cidrBlocks("spec.clusterNetwork.pods.cidrBlocks", spec.path("clusterNetwork").path("pods").path("cidrBlocks"), errors);
        cidrBlocks("spec.clusterNetwork.services.cidrBlocks", spec.path("clusterNetwork").path("services").path("cidrBlocks"), errors);
        if (topologyDefined(spec.get("topology"))) {
            errors.add(FieldError.forbidden("spec.topology", "can be set only if the ClusterTopology feature flag is enabled"));
        }
        if (update && topologyDefined(oldSpec.get("topology")) && !topologyDefined(spec.get("topology"))) {
            errors.add(FieldError.forbidden("spec.topology", "cannot be removed from an existing Cluster"));
        }
        return errors.isEmpty() ? Optional.empty() : Optional.of(WebhookDenial.invalid(GROUP, kind(), name, errors));
    }

    /** {@code ContractVersionedObjectReference.IsDefined}: any of kind, name, apiGroup set. */
    private static boolean refDefined(JsonNode ref) {
        return ref != null && ref.isObject() && (!ref.path("kind").asText("").isEmpty()
                || !ref.path("name").asText("").isEmpty() || !ref.path("apiGroup").asText("").isEmpty());
    }

    /** {@code Topology.IsDefined}: not the zero value. */
    private static boolean topologyDefined(JsonNode topology) {
        return topology != null && topology.isObject() && topology.size() > 0;
    }

    private static void cidrBlocks(String path, JsonNode cidrs, List<FieldError> errors) {
        for (int i = 0; i < cidrs.size(); i++) {
            String cidr = cidrs.get(i).asText();
            if (!validCidr(cidr)) {
                errors.add(FieldError.invalid(path + "[" + i + "]", cidr, "invalid CIDR address: " + cidr));
            }
        }
    }

    /** Go's {@code net.ParseCIDR}. */
    static boolean validCidr(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            return false;
        }
        String address = cidr.substring(0, slash);
        String bits = cidr.substring(slash + 1);
        boolean v6 = address.contains(":");
        if (!bits.matches("[0-9]{1,3}") || Integer.parseInt(bits) > (v6 ? 128 : 32)) {
            return false;
        }
        return ProxmoxClusterWebhook.parseAddress(address).isPresent();
    }
}
