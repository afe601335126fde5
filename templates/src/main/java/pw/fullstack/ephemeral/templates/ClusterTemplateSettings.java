package pw.fullstack.ephemeral.templates;

/**
 * The site and sizing settings of the Cluster API template: the same for every PR, configured once
 * (in the provisioner: {@code provisioner.template.*}). Defaults follow the seed: K3s v1.30.6+k3s1,
 * 4 CPU, 8 GB, 20 GB.
 */
public record ClusterTemplateSettings(String k3sVersion, int cpuCores, int memoryMib, int diskGb,
                                      String proxmoxNode, long proxmoxTemplateId, String networkBridge,
                                      String gateway, int ipPrefix, String dnsServer,
                                      String credentialsSecret, String credentialsNamespace) {

    public static ClusterTemplateSettings defaults() {
        return new ClusterTemplateSettings("v1.30.6+k3s1", 4, 8192, 20, "pve", 100, "vmbr0",
                "192.168.1.1", 24, "192.168.1.3", "proxmox-credentials", "capmox-system");
    }

    public ClusterTemplateSettings withSizing(int cpuCores, int memoryMib, int diskGb) {
        return new ClusterTemplateSettings(k3sVersion, cpuCores, memoryMib, diskGb, proxmoxNode, proxmoxTemplateId,
                networkBridge, gateway, ipPrefix, dnsServer, credentialsSecret, credentialsNamespace);
    }

    public ClusterTemplateSettings withK3sVersion(String version) {
        return new ClusterTemplateSettings(version, cpuCores, memoryMib, diskGb, proxmoxNode, proxmoxTemplateId,
                networkBridge, gateway, ipPrefix, dnsServer, credentialsSecret, credentialsNamespace);
    }
}
