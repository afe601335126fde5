package pw.fullstack.ephemeral.templates;

/**
 * The site and sizing settings of the Cluster API template: the same for every PR, configured once
 * (in the provisioner: {@code provisioner.template.*}). Defaults follow the seed: K3s v1.30.6+k3s1,
 * 4 CPU, 8 GB, 20 GB. See the README for why each default is what it is.
 *
 * @param cloudController     K3s's embedded cloud controller runs (it initialises the node; without it, or
 *                            an external one, the node keeps the "uninitialized" taint)
 * @param kubeVipVersion      kube-vip image tag
 * @param kubeVipInterface    the node interface kube-vip announces the VIP on (the Proxmox provider names
 *                            the first one eth0)
 * @param providerIdInjection the Proxmox provider writes provider-id into the cloud-init metadata
 * @param vmIdRangeStart      first VM id the provider may give a clone
 * @param vmIdRangeEnd        last VM id
 * @param skipCloudInitStatus the provider does not wait for cloud-init (only for templates without it)
 * @param skipQemuGuestAgent  the provider does not wait for the QEMU guest agent (only for templates without it)
 */
public record ClusterTemplateSettings(String k3sVersion, int cpuCores, int memoryMib, int diskGb,
                                      String proxmoxNode, long proxmoxTemplateId, String networkBridge,
                                      String gateway, int ipPrefix, String dnsServer,
                                      String credentialsSecret, String credentialsNamespace,
                                      boolean cloudController, String kubeVipVersion, String kubeVipInterface,
                                      boolean providerIdInjection, long vmIdRangeStart, long vmIdRangeEnd,
                                      boolean skipCloudInitStatus, boolean skipQemuGuestAgent) {

    public static final String KUBE_VIP_VERSION = "v0.8.7";

    public static ClusterTemplateSettings defaults() {
        return new ClusterTemplateSettings("v1.30.6+k3s1", 4, 8192, 20, "pve", 100, "vmbr0",
                "192.168.1.1", 24, "192.168.1.3", "proxmox-credentials", "capmox-system",
                true, KUBE_VIP_VERSION, "eth0", true, 2000, 2999, false, false);
    }

    public ClusterTemplateSettings withSizing(int cpuCores, int memoryMib, int diskGb) {
        return new ClusterTemplateSettings(k3sVersion, cpuCores, memoryMib, diskGb, proxmoxNode, proxmoxTemplateId,
                networkBridge, gateway, ipPrefix, dnsServer, credentialsSecret, credentialsNamespace, cloudController,
                kubeVipVersion, kubeVipInterface, providerIdInjection, vmIdRangeStart, vmIdRangeEnd, skipCloudInitStatus,
                skipQemuGuestAgent);
    }

    public ClusterTemplateSettings withK3sVersion(String version) {
        return new ClusterTemplateSettings(version, cpuCores, memoryMib, diskGb, proxmoxNode, proxmoxTemplateId,
                networkBridge, gateway, ipPrefix, dnsServer, credentialsSecret, credentialsNamespace, cloudController,
                kubeVipVersion, kubeVipInterface, providerIdInjection, vmIdRangeStart, vmIdRangeEnd, skipCloudInitStatus,
                skipQemuGuestAgent);
    }

    public ClusterTemplateSettings withCloudController(boolean enabled) {
        return new ClusterTemplateSettings(k3sVersion, cpuCores, memoryMib, diskGb, proxmoxNode, proxmoxTemplateId,
                networkBridge, gateway, ipPrefix, dnsServer, credentialsSecret, credentialsNamespace, enabled,
                kubeVipVersion, kubeVipInterface, providerIdInjection, vmIdRangeStart, vmIdRangeEnd, skipCloudInitStatus,
                skipQemuGuestAgent);
    }

    public ClusterTemplateSettings withKubeVip(String version, String networkInterface) {
        return new ClusterTemplateSettings(k3sVersion, cpuCores, memoryMib, diskGb, proxmoxNode, proxmoxTemplateId,
                networkBridge, gateway, ipPrefix, dnsServer, credentialsSecret, credentialsNamespace, cloudController,
                version, networkInterface, providerIdInjection, vmIdRangeStart, vmIdRangeEnd, skipCloudInitStatus,
                skipQemuGuestAgent);
    }

    public ClusterTemplateSettings withProviderIdInjection(boolean enabled) {
        return new ClusterTemplateSettings(k3sVersion, cpuCores, memoryMib, diskGb, proxmoxNode, proxmoxTemplateId,
                networkBridge, gateway, ipPrefix, dnsServer, credentialsSecret, credentialsNamespace, cloudController,
                kubeVipVersion, kubeVipInterface, enabled, vmIdRangeStart, vmIdRangeEnd, skipCloudInitStatus,
                skipQemuGuestAgent);
    }

    public ClusterTemplateSettings withVmIdRange(long start, long end) {
        return new ClusterTemplateSettings(k3sVersion, cpuCores, memoryMib, diskGb, proxmoxNode, proxmoxTemplateId,
                networkBridge, gateway, ipPrefix, dnsServer, credentialsSecret, credentialsNamespace, cloudController,
                kubeVipVersion, kubeVipInterface, providerIdInjection, start, end, skipCloudInitStatus, skipQemuGuestAgent);
    }

    public ClusterTemplateSettings withChecksSkipped(boolean cloudInitStatus, boolean qemuGuestAgent) {
        return new ClusterTemplateSettings(k3sVersion, cpuCores, memoryMib, diskGb, proxmoxNode, proxmoxTemplateId,
                networkBridge, gateway, ipPrefix, dnsServer, credentialsSecret, credentialsNamespace, cloudController,
                kubeVipVersion, kubeVipInterface, providerIdInjection, vmIdRangeStart, vmIdRangeEnd, cloudInitStatus,
                qemuGuestAgent);
    }
}
