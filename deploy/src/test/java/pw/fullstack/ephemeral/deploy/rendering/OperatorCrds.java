package pw.fullstack.ephemeral.deploy.rendering;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import pw.fullstack.ephemeral.testkit.schema.AdmissionOutcome;
import pw.fullstack.ephemeral.testkit.schema.ApiServerAdmission;
import pw.fullstack.ephemeral.testkit.upstream.UpstreamFiles;

/**
 * The operators' CRDs the deploy manifests are written against, from the pinned upstream files (upstream.lock):
 * Strimzi 1.2.0 (KafkaTopic, KafkaUser: {@code kafka.strimzi.io/v1}) and Prometheus Operator v0.93.0 (ServiceMonitor,
 * PrometheusRule: {@code monitoring.coreos.com/v1}), checked the way the API server admits a create.
 */
public final class OperatorCrds {

    public static final List<String> FILES = List.of("crds/strimzi/043-Crd-kafkatopic.yaml", "crds/strimzi/044-Crd-kafkauser.yaml",
            "crds/prometheus-operator/monitoring.coreos.com_servicemonitors.yaml",
            "crds/prometheus-operator/monitoring.coreos.com_prometheusrules.yaml");

    private static final YAMLMapper YAML = new YAMLMapper();
    private static volatile ApiServerAdmission admission;

    private OperatorCrds() {
    }

    public static ApiServerAdmission admission() {
        if (admission == null) {
            synchronized (OperatorCrds.class) {
                if (admission == null) {
                    admission = ApiServerAdmission.of(FILES.stream().map(OperatorCrds::read).toList(), List.of());
                }
            }
        }
        return admission;
    }

    /** Empty when the API server would create the object; else its refusal. */
    public static String refusal(com.fasterxml.jackson.databind.JsonNode object) {
        AdmissionOutcome outcome = admission().admit(object, null);
        return outcome instanceof AdmissionOutcome.Refused refused ? refused.code() + " " + refused.message() : "";
    }

    private static CustomResourceDefinition read(String file) {
        try (InputStream in = UpstreamFiles.configured().open(file)) {
            return Serialization.jsonMapper().treeToValue(YAML.readTree(in), CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse upstream CRD " + file, e);
        }
    }
}
