package pw.fullstack.ephemeral.templates;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The per-cluster values plus the settings, as validated template variables. Building the map
 * validates every value (even ones the template does not use), so a hostile value is refused
 * before any text is produced.
 *
 * @param repository the repository as a Kubernetes label value (the seed used the bare name,
 *                   e.g. {@code cks-backend})
 */
public record ClusterTemplateValues(String clusterName, String clusterIp, String nodeIp, String dnsName,
                                    int prNumber, String repository, ClusterTemplateSettings settings) {

    public Map<String, String> variables() {
        Map<ClusterTemplateVariable, String> raw = new EnumMap<>(ClusterTemplateVariable.class);
        raw.put(ClusterTemplateVariable.CLUSTER_NAME, clusterName);
        raw.put(ClusterTemplateVariable.CLUSTER_IP, clusterIp);
        raw.put(ClusterTemplateVariable.NODE_IP, nodeIp);
        raw.put(ClusterTemplateVariable.DNS_NAME, dnsName);
        raw.put(ClusterTemplateVariable.PR_NUMBER, Integer.toString(prNumber));
        raw.put(ClusterTemplateVariable.REPOSITORY, repository);
        ClusterTemplateSettings s = settings == null ? ClusterTemplateSettings.defaults() : settings;
        Map<String, String> validated = new LinkedHashMap<>();
        raw.forEach((variable, value) -> validated.put(variable.name(), variable.validate(value)));
        s.variables().forEach((variable, value) -> validated.put(variable.name(), value));
        return validated;
    }
}
