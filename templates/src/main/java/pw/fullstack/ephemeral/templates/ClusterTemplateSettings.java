package pw.fullstack.ephemeral.templates;

/**
 * The site and sizing settings of the Cluster API template: the same for every PR, configured once
 * (in the provisioner: {@code provisioner.template.*}). Defaults are the seed's (its infra repository's
 * ephemeral cluster template): K3s v1.30.6+k3s1, node03, template 9004, 2 sockets x 4 cores, 16 GiB,
 * 20 GB, VM ids 401-450, no memory check. See the README's compatibility table for each.
 *
 * @param credentialsSecret   the name of the site's Proxmox API credentials Secret; each cluster gets a copy of
 *                            that name in its own namespace (CAPMOX takes ownership of the Secret it uses)
 * @param credentialsNamespace where the site's Secret is, which the provisioner copies from
 * @param cloudController     K3s's embedded cloud controller runs (it initialises the node; without it, or
 *                            an external one, the node keeps the "uninitialized" taint)
 * @param kubeVipVersion      kube-vip image tag
 * @param kubeVipInterface    the node interface kube-vip announces the VIP on; empty (the default) lets kube-vip
 *                            take the interface of the default route. Not {@code eth0}: the Proxmox provider
 *                            writes {@code eth0} only as a netplan label ({@code match: macaddress}, no
 *                            {@code set-name}), so the kernel keeps e.g. {@code ens18}; CAPMOX's own template
 *                            leaves it empty, the seed's modules say {@code ens18}
 * @param providerIdInjection the Proxmox provider writes provider-id into the cloud-init metadata
 * @param vmIdRangeStart      first VM id the provider may give a clone
 * @param vmIdRangeEnd        last VM id
 * @param skipCloudInitStatus the provider does not wait for cloud-init (only for templates without it)
 * @param skipQemuGuestAgent  the provider does not wait for the QEMU guest agent (only for templates without it)
 * @param cpuSockets          CPU sockets of the VM ({@code cpuCores} cores each)
 * @param memoryAdjustment    ProxmoxCluster {@code schedulerHints.memoryAdjustment}: the percent of a node's memory
 *                            CAPMOX may fill with VMs; 0 (the seed's) turns the check off, without which a crowded
 *                            node refuses the clone
 */
public record ClusterTemplateSettings(String k3sVersion, int cpuCores, int memoryMib, int diskGb,
                                      String proxmoxNode, long proxmoxTemplateId, String networkBridge,
                                      String gateway, int ipPrefix, String dnsServer,
                                      String credentialsSecret, String credentialsNamespace,
                                      boolean cloudController, String kubeVipVersion, String kubeVipInterface,
                                      boolean providerIdInjection, long vmIdRangeStart, long vmIdRangeEnd,
                                      boolean skipCloudInitStatus, boolean skipQemuGuestAgent, int cpuSockets,
                                      int memoryAdjustment) {

    public static final String KUBE_VIP_VERSION = "v0.8.7";

    public static ClusterTemplateSettings defaults() {
        return new ClusterTemplateSettings("v1.30.6+k3s1", 4, 16384, 20, "node03", 9004, "vmbr0",
                "192.168.1.1", 24, "192.168.1.3", "proxmox-credentials", "capmox-system",
                true, KUBE_VIP_VERSION, "", true, 401, 450, true, true, 2, 0);
    }

    public ClusterTemplateSettings withSockets(int sockets) {
        return new ClusterTemplateSettings(k3sVersion, cpuCores, memoryMib, diskGb, proxmoxNode, proxmoxTemplateId,
                networkBridge, gateway, ipPrefix, dnsServer, credentialsSecret, credentialsNamespace, cloudController,
                kubeVipVersion, kubeVipInterface, providerIdInjection, vmIdRangeStart, vmIdRangeEnd, skipCloudInitStatus,
                skipQemuGuestAgent, sockets, memoryAdjustment);
    }

    public ClusterTemplateSettings withMemoryAdjustment(int percent) {
        return new ClusterTemplateSettings(k3sVersion, cpuCores, memoryMib, diskGb, proxmoxNode, proxmoxTemplateId,
                networkBridge, gateway, ipPrefix, dnsServer, credentialsSecret, credentialsNamespace, cloudController,
                kubeVipVersion, kubeVipInterface, providerIdInjection, vmIdRangeStart, vmIdRangeEnd, skipCloudInitStatus,
                skipQemuGuestAgent, cpuSockets, percent);
    }

    public ClusterTemplateSettings withSizing(int cpuCores, int memoryMib, int diskGb) {
        return new ClusterTemplateSettings(k3sVersion, cpuCores, memoryMib, diskGb, proxmoxNode, proxmoxTemplateId,
                networkBridge, gateway, ipPrefix, dnsServer, credentialsSecret, credentialsNamespace, cloudController,
                kubeVipVersion, kubeVipInterface, providerIdInjection, vmIdRangeStart, vmIdRangeEnd, skipCloudInitStatus,
                skipQemuGuestAgent, cpuSockets, memoryAdjustment);
    }

    public ClusterTemplateSettings withK3sVersion(String version) {
        return new ClusterTemplateSettings(version, cpuCores, memoryMib, diskGb, proxmoxNode, proxmoxTemplateId,
                networkBridge, gateway, ipPrefix, dnsServer, credentialsSecret, credentialsNamespace, cloudController,
                kubeVipVersion, kubeVipInterface, providerIdInjection, vmIdRangeStart, vmIdRangeEnd, skipCloudInitStatus,
                skipQemuGuestAgent, cpuSockets, memoryAdjustment);
    }

    public ClusterTemplateSettings withCloudController(boolean enabled) {
        return new ClusterTemplateSettings(k3sVersion, cpuCores, memoryMib, diskGb, proxmoxNode, proxmoxTemplateId,
                networkBridge, gateway, ipPrefix, dnsServer, credentialsSecret, credentialsNamespace, enabled,
                kubeVipVersion, kubeVipInterface, providerIdInjection, vmIdRangeStart, vmIdRangeEnd, skipCloudInitStatus,
                skipQemuGuestAgent, cpuSockets, memoryAdjustment);
    }

    public ClusterTemplateSettings withKubeVip(String version, String networkInterface) {
        return new ClusterTemplateSettings(k3sVersion, cpuCores, memoryMib, diskGb, proxmoxNode, proxmoxTemplateId,
                networkBridge, gateway, ipPrefix, dnsServer, credentialsSecret, credentialsNamespace, cloudController,
                version, networkInterface, providerIdInjection, vmIdRangeStart, vmIdRangeEnd, skipCloudInitStatus,
                skipQemuGuestAgent, cpuSockets, memoryAdjustment);
    }

    public ClusterTemplateSettings withProviderIdInjection(boolean enabled) {
        return new ClusterTemplateSettings(k3sVersion, cpuCores, memoryMib, diskGb, proxmoxNode, proxmoxTemplateId,
                networkBridge, gateway, ipPrefix, dnsServer, credentialsSecret, credentialsNamespace, cloudController,
                kubeVipVersion, kubeVipInterface, enabled, vmIdRangeStart, vmIdRangeEnd, skipCloudInitStatus,
                skipQemuGuestAgent, cpuSockets, memoryAdjustment);
    }

    public ClusterTemplateSettings withVmIdRange(long start, long end) {
        return new ClusterTemplateSettings(k3sVersion, cpuCores, memoryMib, diskGb, proxmoxNode, proxmoxTemplateId,
                networkBridge, gateway, ipPrefix, dnsServer, credentialsSecret, credentialsNamespace, cloudController,
                kubeVipVersion, kubeVipInterface, providerIdInjection, start, end, skipCloudInitStatus, skipQemuGuestAgent, cpuSockets, memoryAdjustment);
    }

    public ClusterTemplateSettings withChecksSkipped(boolean cloudInitStatus, boolean qemuGuestAgent) {
        return new ClusterTemplateSettings(k3sVersion, cpuCores, memoryMib, diskGb, proxmoxNode, proxmoxTemplateId,
                networkBridge, gateway, ipPrefix, dnsServer, credentialsSecret, credentialsNamespace, cloudController,
                kubeVipVersion, kubeVipInterface, providerIdInjection, vmIdRangeStart, vmIdRangeEnd, cloudInitStatus,
                qemuGuestAgent, cpuSockets, memoryAdjustment);
    }
}
