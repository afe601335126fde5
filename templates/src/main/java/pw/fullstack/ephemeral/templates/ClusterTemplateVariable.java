package pw.fullstack.ephemeral.templates;

import java.util.Arrays;
import java.util.Optional;
import pw.fullstack.ephemeral.contracts.InvalidInputException;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;

/**
 * Every {@code ${VAR}} the Cluster API template may use, with what its value must look like. A
 * template that uses any other name is refused; the seed's names (CLUSTER_NAME, CLUSTER_IP,
 * PR_NUMBER, REPOSITORY) are kept so its envsubst files render unchanged.
 */
public enum ClusterTemplateVariable {
    CLUSTER_NAME(ValueKind.DNS_LABEL, 1, ClusterNaming.MAX_CLUSTER_NAME,
            "cluster name, also the namespace; at most 40 characters so Cluster API's derived machine names stay valid"),
    CLUSTER_IP(ValueKind.IPV4, 0, 0, "control-plane VIP (the API endpoint)"),
    NODE_IP(ValueKind.IPV4, 0, 0, "the node's address"),
    DNS_NAME(ValueKind.DNS_SUBDOMAIN, 0, 0, "the environment's host name, added to the API server certificate"),
    PR_NUMBER(ValueKind.POSITIVE_INTEGER, 1, 99_999_999, "pull request number"),
    REPOSITORY(ValueKind.LABEL_VALUE, 0, 0, "repository name as a label value"),
    K3S_VERSION(ValueKind.K3S_VERSION, 0, 0, "K3s release"),
    CPU_CORES(ValueKind.POSITIVE_INTEGER, 1, 64, "vCPU cores per socket of the node"),
    CPU_SOCKETS(ValueKind.POSITIVE_INTEGER, 1, 4, "CPU sockets of the node"),
    MEMORY_ADJUSTMENT(ValueKind.NON_NEGATIVE_INTEGER, 0, 1000,
            "percent of a Proxmox node's memory CAPMOX may place VMs into; 0 turns the check off"),
    MEMORY_MIB(ValueKind.POSITIVE_INTEGER, 1024, 262_144, "memory of the node in MiB"),
    DISK_GB(ValueKind.POSITIVE_INTEGER, 10, 2048, "boot disk size in GB"),
    PROXMOX_NODE(ValueKind.DNS_LABEL, 0, 0, "Proxmox node the VM template lives on and the VM may run on"),
    PROXMOX_TEMPLATE_ID(ValueKind.POSITIVE_INTEGER, 100, 999_999_999, "Proxmox VM id of the template to clone"),
    NETWORK_BRIDGE(ValueKind.DNS_LABEL, 0, 0, "Proxmox bridge, e.g. vmbr0"),
    GATEWAY(ValueKind.IPV4, 0, 0, "default gateway of the node network"),
    IP_PREFIX(ValueKind.POSITIVE_INTEGER, 8, 32, "prefix length of the node network"),
    DNS_SERVER(ValueKind.IPV4, 0, 0, "DNS server for the node"),
    PROXMOX_CREDENTIALS_SECRET(ValueKind.DNS_LABEL, 0, 0,
            "name of the cluster's own copy of the Proxmox API credentials, in the cluster's namespace"),
    K3S_DISABLE_CLOUD_CONTROLLER(ValueKind.BOOLEAN, 0, 0, "true turns K3s's embedded cloud controller off"),
    KUBE_VIP_VERSION(ValueKind.RELEASE_TAG, 0, 0, "kube-vip image tag"),
    KUBE_VIP_INTERFACE(ValueKind.NETWORK_INTERFACE, 0, 0,
            "the node's interface kube-vip announces the VIP on; empty: kube-vip takes the default route's", true),
    PROVIDER_ID_INJECTION(ValueKind.BOOLEAN, 0, 0, "whether the Proxmox provider puts provider-id into the cloud-init metadata"),
    VM_ID_RANGE_START(ValueKind.POSITIVE_INTEGER, 100, 999_999_999, "first Proxmox VM id the provider may use"),
    VM_ID_RANGE_END(ValueKind.POSITIVE_INTEGER, 100, 999_999_999, "last Proxmox VM id the provider may use"),
    SKIP_CLOUD_INIT_STATUS(ValueKind.BOOLEAN, 0, 0, "true when the VM template has no cloud-init status to wait for"),
    SKIP_QEMU_GUEST_AGENT(ValueKind.BOOLEAN, 0, 0, "true when the VM template has no QEMU guest agent"),
    SSH_USER(ValueKind.USER_NAME, 0, 0, "the node's user the SSH authorized keys are added for (home /home/<user>)"),
    SSH_AUTHORIZED_KEYS(ValueKind.BASE64, 0, 262_144,
            "the node's added authorized_keys lines, base64 (each an OpenSSH public key checked by SshAuthorizedKey); "
                    + "empty: none", true);

    private final ValueKind kind;
    private final long min;
    private final long max;
    private final String description;
    private final boolean emptyAllowed;

    ClusterTemplateVariable(ValueKind kind, long min, long max, String description) {
        this(kind, min, max, description, false);
    }

    ClusterTemplateVariable(ValueKind kind, long min, long max, String description, boolean emptyAllowed) {
        this.kind = kind;
        this.min = min;
        this.max = max;
        this.description = description;
        this.emptyAllowed = emptyAllowed;
    }

    /** Whether an empty value is meaningful (rendered as ""), not a mistake. */
    public boolean emptyAllowed() {
        return emptyAllowed;
    }

    public ValueKind kind() {
        return kind;
    }

    public String description() {
        return description;
    }

    public static Optional<ClusterTemplateVariable> named(String name) {
        return Arrays.stream(values()).filter(v -> v.name().equals(name)).findFirst();
    }

    /** Throws {@link TemplateException} naming this variable unless {@code value} is acceptable. */
    public String validate(String value) {
        if (value != null && value.isEmpty() && emptyAllowed) {
            return value;
        }
        if (value == null || value.isEmpty()) {
            throw new TemplateException("variable " + name() + " is empty");
        }
        if (!kind.accepts(value)) {
            throw new TemplateException("variable " + name() + ": " + InvalidInputException.quote(value)
                    + " is not " + kind.description());
        }
        if (kind == ValueKind.POSITIVE_INTEGER || kind == ValueKind.NON_NEGATIVE_INTEGER) {
            long number = Long.parseLong(value);
            if (number < min || number > max) {
                throw new TemplateException("variable " + name() + ": " + number + " is out of range ("
                        + min + ".." + max + ")");
            }
        } else if (max > 0 && value.length() > max) {
            throw new TemplateException("variable " + name() + ": " + InvalidInputException.quote(value)
                    + " is longer than " + max + " characters");
        }
        return value;
    }
}
