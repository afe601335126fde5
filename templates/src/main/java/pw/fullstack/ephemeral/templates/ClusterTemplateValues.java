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
        raw.put(ClusterTemplateVariable.K3S_VERSION, s.k3sVersion());
        raw.put(ClusterTemplateVariable.CPU_CORES, Integer.toString(s.cpuCores()));
        raw.put(ClusterTemplateVariable.CPU_SOCKETS, Integer.toString(s.cpuSockets()));
        raw.put(ClusterTemplateVariable.MEMORY_ADJUSTMENT, Integer.toString(s.memoryAdjustment()));
        raw.put(ClusterTemplateVariable.MEMORY_MIB, Integer.toString(s.memoryMib()));
        raw.put(ClusterTemplateVariable.DISK_GB, Integer.toString(s.diskGb()));
        raw.put(ClusterTemplateVariable.PROXMOX_NODE, s.proxmoxNode());
        raw.put(ClusterTemplateVariable.PROXMOX_TEMPLATE_ID, Long.toString(s.proxmoxTemplateId()));
        raw.put(ClusterTemplateVariable.NETWORK_BRIDGE, s.networkBridge());
        raw.put(ClusterTemplateVariable.GATEWAY, s.gateway());
        raw.put(ClusterTemplateVariable.IP_PREFIX, Integer.toString(s.ipPrefix()));
        raw.put(ClusterTemplateVariable.DNS_SERVER, s.dnsServer());
        raw.put(ClusterTemplateVariable.PROXMOX_CREDENTIALS_SECRET, s.credentialsSecret());
        raw.put(ClusterTemplateVariable.K3S_DISABLE_CLOUD_CONTROLLER, Boolean.toString(!s.cloudController()));
        raw.put(ClusterTemplateVariable.KUBE_VIP_VERSION, s.kubeVipVersion());
        raw.put(ClusterTemplateVariable.KUBE_VIP_INTERFACE, s.kubeVipInterface());
        raw.put(ClusterTemplateVariable.PROVIDER_ID_INJECTION, Boolean.toString(s.providerIdInjection()));
        raw.put(ClusterTemplateVariable.VM_ID_RANGE_START, Long.toString(s.vmIdRangeStart()));
        raw.put(ClusterTemplateVariable.VM_ID_RANGE_END, Long.toString(s.vmIdRangeEnd()));
        raw.put(ClusterTemplateVariable.SKIP_CLOUD_INIT_STATUS, Boolean.toString(s.skipCloudInitStatus()));
        raw.put(ClusterTemplateVariable.SKIP_QEMU_GUEST_AGENT, Boolean.toString(s.skipQemuGuestAgent()));
        Map<String, String> validated = new LinkedHashMap<>();
        raw.forEach((variable, value) -> validated.put(variable.name(), variable.validate(value)));
        if (s.vmIdRangeEnd() < s.vmIdRangeStart()) {
            throw new TemplateException("VM id range " + s.vmIdRangeStart() + "-" + s.vmIdRangeEnd()
                    + " is empty: VM_ID_RANGE_END must not be below VM_ID_RANGE_START");
        }
        return validated;
    }
}
