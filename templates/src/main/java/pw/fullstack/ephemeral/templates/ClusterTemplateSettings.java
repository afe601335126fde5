package pw.fullstack.ephemeral.templates;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The site and sizing settings of the Cluster API template: the same for every PR, configured once
 * (in the provisioner: {@code provisioner.template.*}). Defaults are the seed's (its infra repository's
 * ephemeral cluster template): K3s v1.30.6+k3s1, node03, template 9004, 2 sockets x 4 cores, 16 GiB,
 * 20 GB, VM ids 401-450, no memory check, user {@code ubuntu} for SSH keys. See the README's compatibility
 * table for each.
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
 * @param sshUser             the node's user whose {@code ~/.ssh/authorized_keys} gets {@code sshAuthorizedKeys}
 *                            (the seed's: {@code ubuntu}, the default user of its Ubuntu cloud image)
 * @param sshAuthorizedKeys   public keys that may log in to the nodes as {@code sshUser}; none by default (the seed
 *                            adds one of its own: a site adds its own)
 */
public record ClusterTemplateSettings(String k3sVersion, int cpuCores, int memoryMib, int diskGb,
                                      String proxmoxNode, long proxmoxTemplateId, String networkBridge,
                                      String gateway, int ipPrefix, String dnsServer,
                                      String credentialsSecret, String credentialsNamespace,
                                      boolean cloudController, String kubeVipVersion, String kubeVipInterface,
                                      boolean providerIdInjection, long vmIdRangeStart, long vmIdRangeEnd,
                                      boolean skipCloudInitStatus, boolean skipQemuGuestAgent, int cpuSockets,
                                      int memoryAdjustment, String sshUser, List<SshAuthorizedKey> sshAuthorizedKeys) {

    /** More keys than any site means; the rendered object must stay far below the API server's size limit. */
    public static final int MAX_SSH_AUTHORIZED_KEYS = 50;

    public ClusterTemplateSettings {
        sshAuthorizedKeys = sshAuthorizedKeys == null ? List.of() : List.copyOf(sshAuthorizedKeys);
        if (sshAuthorizedKeys.size() > MAX_SSH_AUTHORIZED_KEYS) {
            throw new TemplateException(sshAuthorizedKeys.size() + " SSH authorized keys; at most "
                    + MAX_SSH_AUTHORIZED_KEYS);
        }
    }

    public static final String KUBE_VIP_VERSION = "v0.8.7";

    public static ClusterTemplateSettings defaults() {
        return new ClusterTemplateSettings("v1.30.6+k3s1", 4, 16384, 20, "node03", 9004, "vmbr0",
                "192.168.1.1", 24, "192.168.1.3", "proxmox-credentials", "capmox-system",
                true, KUBE_VIP_VERSION, "", true, 401, 450, true, true, 2, 0, "ubuntu", List.of());
    }

    public ClusterTemplateSettings withSsh(String user, List<SshAuthorizedKey> keys) {
        return new ClusterTemplateSettings(k3sVersion, cpuCores, memoryMib, diskGb, proxmoxNode, proxmoxTemplateId,
                networkBridge, gateway, ipPrefix, dnsServer, credentialsSecret, credentialsNamespace, cloudController,
                kubeVipVersion, kubeVipInterface, providerIdInjection, vmIdRangeStart, vmIdRangeEnd, skipCloudInitStatus,
                skipQemuGuestAgent, cpuSockets, memoryAdjustment, user, keys);
    }

    /**
     * These settings as validated template variables (every one, used by the template or not): a
     * setting that could not render is refused here, where the provisioner can refuse it at start.
     */
    public Map<ClusterTemplateVariable, String> variables() {
        Map<ClusterTemplateVariable, String> raw = new EnumMap<>(ClusterTemplateVariable.class);
        raw.put(ClusterTemplateVariable.K3S_VERSION, k3sVersion);
        raw.put(ClusterTemplateVariable.CPU_CORES, Integer.toString(cpuCores));
        raw.put(ClusterTemplateVariable.CPU_SOCKETS, Integer.toString(cpuSockets));
        raw.put(ClusterTemplateVariable.MEMORY_ADJUSTMENT, Integer.toString(memoryAdjustment));
        raw.put(ClusterTemplateVariable.MEMORY_MIB, Integer.toString(memoryMib));
        raw.put(ClusterTemplateVariable.DISK_GB, Integer.toString(diskGb));
        raw.put(ClusterTemplateVariable.PROXMOX_NODE, proxmoxNode);
        raw.put(ClusterTemplateVariable.PROXMOX_TEMPLATE_ID, Long.toString(proxmoxTemplateId));
        raw.put(ClusterTemplateVariable.NETWORK_BRIDGE, networkBridge);
        raw.put(ClusterTemplateVariable.GATEWAY, gateway);
        raw.put(ClusterTemplateVariable.IP_PREFIX, Integer.toString(ipPrefix));
        raw.put(ClusterTemplateVariable.DNS_SERVER, dnsServer);
        raw.put(ClusterTemplateVariable.PROXMOX_CREDENTIALS_SECRET, credentialsSecret);
        raw.put(ClusterTemplateVariable.K3S_DISABLE_CLOUD_CONTROLLER, Boolean.toString(!cloudController));
        raw.put(ClusterTemplateVariable.KUBE_VIP_VERSION, kubeVipVersion);
        raw.put(ClusterTemplateVariable.KUBE_VIP_INTERFACE, kubeVipInterface);
        raw.put(ClusterTemplateVariable.PROVIDER_ID_INJECTION, Boolean.toString(providerIdInjection));
        raw.put(ClusterTemplateVariable.VM_ID_RANGE_START, Long.toString(vmIdRangeStart));
        raw.put(ClusterTemplateVariable.VM_ID_RANGE_END, Long.toString(vmIdRangeEnd));
        raw.put(ClusterTemplateVariable.SKIP_CLOUD_INIT_STATUS, Boolean.toString(skipCloudInitStatus));
        raw.put(ClusterTemplateVariable.SKIP_QEMU_GUEST_AGENT, Boolean.toString(skipQemuGuestAgent));
        raw.put(ClusterTemplateVariable.SSH_USER, sshUser);
        raw.put(ClusterTemplateVariable.SSH_AUTHORIZED_KEYS, authorizedKeysFile());
        Map<ClusterTemplateVariable, String> validated = new EnumMap<>(ClusterTemplateVariable.class);
        raw.forEach((variable, value) -> validated.put(variable, variable.validate(value)));
        if (vmIdRangeEnd < vmIdRangeStart) {
            throw new TemplateException("VM id range " + vmIdRangeStart + "-" + vmIdRangeEnd
                    + " is empty: VM_ID_RANGE_END must not be below VM_ID_RANGE_START");
        }
        return validated;
    }

    /**
     * The lines the node's {@code authorized_keys} gets, one key a line, base64-encoded: the template writes
     * them as a file cloud-init decodes, so no key text is ever part of YAML, of the cloud-config template or of
     * a shell command. Empty without keys.
     */
    private String authorizedKeysFile() {
        if (sshAuthorizedKeys.isEmpty()) {
            return "";
        }
        StringBuilder file = new StringBuilder();
        sshAuthorizedKeys.forEach(key -> file.append(key.line()).append('\n'));
        return Base64.getEncoder().encodeToString(file.toString().getBytes(StandardCharsets.UTF_8));
    }

    public ClusterTemplateSettings withSockets(int sockets) {
        return new ClusterTemplateSettings(k3sVersion, cpuCores, memoryMib, diskGb, proxmoxNode, proxmoxTemplateId,
                networkBridge, gateway, ipPrefix, dnsServer, credentialsSecret, credentialsNamespace, cloudController,
                kubeVipVersion, kubeVipInterface, providerIdInjection, vmIdRangeStart, vmIdRangeEnd, skipCloudInitStatus,
                skipQemuGuestAgent, sockets, memoryAdjustment, sshUser,
                sshAuthorizedKeys);
    }

    public ClusterTemplateSettings withMemoryAdjustment(int percent) {
        return new ClusterTemplateSettings(k3sVersion, cpuCores, memoryMib, diskGb, proxmoxNode, proxmoxTemplateId,
                networkBridge, gateway, ipPrefix, dnsServer, credentialsSecret, credentialsNamespace, cloudController,
                kubeVipVersion, kubeVipInterface, providerIdInjection, vmIdRangeStart, vmIdRangeEnd, skipCloudInitStatus,
                skipQemuGuestAgent, cpuSockets, percent, sshUser,
                sshAuthorizedKeys);
    }

    public ClusterTemplateSettings withSizing(int cpuCores, int memoryMib, int diskGb) {
        return new ClusterTemplateSettings(k3sVersion, cpuCores, memoryMib, diskGb, proxmoxNode, proxmoxTemplateId,
                networkBridge, gateway, ipPrefix, dnsServer, credentialsSecret, credentialsNamespace, cloudController,
                kubeVipVersion, kubeVipInterface, providerIdInjection, vmIdRangeStart, vmIdRangeEnd, skipCloudInitStatus,
                skipQemuGuestAgent, cpuSockets, memoryAdjustment, sshUser,
                sshAuthorizedKeys);
    }

    public ClusterTemplateSettings withK3sVersion(String version) {
        return new ClusterTemplateSettings(version, cpuCores, memoryMib, diskGb, proxmoxNode, proxmoxTemplateId,
                networkBridge, gateway, ipPrefix, dnsServer, credentialsSecret, credentialsNamespace, cloudController,
                kubeVipVersion, kubeVipInterface, providerIdInjection, vmIdRangeStart, vmIdRangeEnd, skipCloudInitStatus,
                skipQemuGuestAgent, cpuSockets, memoryAdjustment, sshUser,
                sshAuthorizedKeys);
    }

    public ClusterTemplateSettings withCloudController(boolean enabled) {
        return new ClusterTemplateSettings(k3sVersion, cpuCores, memoryMib, diskGb, proxmoxNode, proxmoxTemplateId,
                networkBridge, gateway, ipPrefix, dnsServer, credentialsSecret, credentialsNamespace, enabled,
                kubeVipVersion, kubeVipInterface, providerIdInjection, vmIdRangeStart, vmIdRangeEnd, skipCloudInitStatus,
                skipQemuGuestAgent, cpuSockets, memoryAdjustment, sshUser,
                sshAuthorizedKeys);
    }

    public ClusterTemplateSettings withKubeVip(String version, String networkInterface) {
        return new ClusterTemplateSettings(k3sVersion, cpuCores, memoryMib, diskGb, proxmoxNode, proxmoxTemplateId,
                networkBridge, gateway, ipPrefix, dnsServer, credentialsSecret, credentialsNamespace, cloudController,
                version, networkInterface, providerIdInjection, vmIdRangeStart, vmIdRangeEnd, skipCloudInitStatus,
                skipQemuGuestAgent, cpuSockets, memoryAdjustment, sshUser,
                sshAuthorizedKeys);
    }

    public ClusterTemplateSettings withProviderIdInjection(boolean enabled) {
        return new ClusterTemplateSettings(k3sVersion, cpuCores, memoryMib, diskGb, proxmoxNode, proxmoxTemplateId,
                networkBridge, gateway, ipPrefix, dnsServer, credentialsSecret, credentialsNamespace, cloudController,
                kubeVipVersion, kubeVipInterface, enabled, vmIdRangeStart, vmIdRangeEnd, skipCloudInitStatus,
                skipQemuGuestAgent, cpuSockets, memoryAdjustment, sshUser,
                sshAuthorizedKeys);
    }

    public ClusterTemplateSettings withVmIdRange(long start, long end) {
        return new ClusterTemplateSettings(k3sVersion, cpuCores, memoryMib, diskGb, proxmoxNode, proxmoxTemplateId,
                networkBridge, gateway, ipPrefix, dnsServer, credentialsSecret, credentialsNamespace, cloudController,
                kubeVipVersion, kubeVipInterface, providerIdInjection, start, end, skipCloudInitStatus, skipQemuGuestAgent, cpuSockets, memoryAdjustment, sshUser,
                sshAuthorizedKeys);
    }

    public ClusterTemplateSettings withChecksSkipped(boolean cloudInitStatus, boolean qemuGuestAgent) {
        return new ClusterTemplateSettings(k3sVersion, cpuCores, memoryMib, diskGb, proxmoxNode, proxmoxTemplateId,
                networkBridge, gateway, ipPrefix, dnsServer, credentialsSecret, credentialsNamespace, cloudController,
                kubeVipVersion, kubeVipInterface, providerIdInjection, vmIdRangeStart, vmIdRangeEnd, cloudInitStatus,
                qemuGuestAgent, cpuSockets, memoryAdjustment, sshUser,
                sshAuthorizedKeys);
    }
}
