package pw.fullstack.ephemeral.provisioner;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import pw.fullstack.ephemeral.leadership.LeaderElectionSettings;
import pw.fullstack.ephemeral.messaging.HandlingRetry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;
import pw.fullstack.ephemeral.contracts.naming.NameForm;

/** Every {@code provisioner.*} setting; defaults follow the seed. See README.md. */
@ConfigMapping(prefix = "provisioner")
public interface ProvisionerConfig {

    /** CloudEvents source of the events this service emits. */
    @WithDefault("/ephemeral-clusters/provisioner")
    URI source();

    /** How long a cluster may take from apply to ClusterReady. */
    @WithDefault("15M")
    Duration provisioningTimeout();

    /** Condition types that must all be True on the Cluster (see the cluster-api-k3s caveat in README.md). */
    @WithDefault("Available")
    List<String> readyConditions();

    /** After this long a teardown whose Cluster still exists is reported stuck (metrics, health); deletion is retried. */
    @WithDefault("10M")
    Duration teardownStuckAfter();

    /**
     * How long the teardown of an expired, ready cluster waits for the installer's DnsReleased before
     * the Cluster is deleted anyway; 0 deletes at once (no installer deployed).
     */
    @WithDefault("2M")
    Duration dnsReleaseTimeout();

    /**
     * How long an ended saga run is remembered (its replayed IpAllocated creates nothing while
     * remembered). Must be longer than the lifecycle topic's retention.
     */
    @WithDefault("30D")
    Duration tombstoneRetention();

    /** Domain of the environments' host names; must equal every other service's. */
    @WithDefault(ClusterNaming.DEFAULT_DOMAIN)
    String dnsDomain();

    /** Repositories of this owner get the short cluster names (see ClusterNaming); must equal every other service's. */
    @WithDefault(ClusterNaming.DEFAULT_HOME_OWNER)
    String homeOwner();

    /** Home-owner repositories that keep the seed's short names; must equal every other service's. */
    @WithDefault("demo-apps,cks-backend,cks-frontend")
    Set<String> shortNameRepositories();

    /**
     * How the repository's name appears in cluster and DNS names: {@code compact} ({@code pr-cksbackend-42},
     * the seed's README) or {@code as-given} ({@code pr-cks-backend-42}, the seed's workflows); see
     * {@code ClusterNaming}. Must equal every other service's.
     */
    @WithDefault(ClusterNaming.DEFAULT_FORM)
    NameForm nameForm();

    default ClusterNaming naming() {
        return new ClusterNaming(dnsDomain(), homeOwner(), shortNameRepositories(), nameForm());
    }

    /** How often every managed cluster is reconciled (deadlines, stuck teardowns, missed watch events). */
    @WithDefault("15s")
    String reconcileInterval();

    /** How the remote API server is reached once the Cluster is ready. */
    Probe probe();

    Vault vault();

    Template template();

    /** Back-off while an event's handling fails for a transient reason (retried without limit, never dead-lettered). */
    HandlingRetry retry();

    /** Which replica runs the informer and the reconcile passes (lease {@code provisioner-leader}); see README.md. */
    LeaderElectionSettings leaderElection();

    interface Probe {
        /** Whether to confirm readiness by connecting with the kubeconfig Secret and seeing a Ready node. */
        @WithDefault("true")
        boolean enabled();

        @WithDefault("10S")
        Duration timeout();
    }

    interface Vault {
        /** KV v2 mount. */
        @WithDefault("kv")
        String mount();

        /** Kubeconfigs are stored at {@code <mount>/<path-prefix>/<cluster>/kubeconfig}, field {@code value}. */
        @WithDefault("ephemeral-clusters")
        String pathPrefix();

        /** How long one Vault call may take before it counts as Vault unavailable (transient, retried). */
        @WithDefault("30S")
        Duration timeout();

        /**
         * Path (in {@code mount}) of the seed's merged {@code PR_KUBECONFIG} entry, e.g. {@code cluster-secret-store/secrets}:
         * each ready cluster's context is added to it and removed at teardown. Unset: off.
         */
        Optional<String> mergedKubeconfigPath();
    }

    interface Template {
        /** A directory whose {@code cluster-api/k3s-cluster.yaml.tpl} replaces the packaged template. */
        Optional<Path> directory();

        @WithDefault("v1.30.6+k3s1")
        String k3sVersion();

        /** Cores per socket (the seed's VMs: 2 sockets x 4 cores). */
        @WithDefault("4")
        int cpuCores();

        @WithDefault("2")
        int cpuSockets();

        /** The seed's VMs have 16 GiB. */
        @WithDefault("16384")
        int memoryMib();

        @WithDefault("20")
        int diskGb();

        /** The Proxmox node that holds the VM template and runs the clones (the seed's: node03). */
        @WithDefault("node03")
        String proxmoxNode();

        /** The VM template to clone (the seed's: 9004). */
        @WithDefault("9004")
        long proxmoxTemplateId();

        /**
         * ProxmoxCluster {@code schedulerHints.memoryAdjustment}: the percent of a node's memory CAPMOX may fill
         * with VMs; 0 (the seed's) turns the check off, without which a crowded node refuses the clone.
         */
        @WithDefault("0")
        int memoryAdjustment();

        @WithDefault("vmbr0")
        String networkBridge();

        @WithDefault("192.168.1.1")
        String gateway();

        @WithDefault("24")
        int ipPrefix();

        @WithDefault("192.168.1.3")
        String dnsServer();

        @WithDefault("proxmox-credentials")
        String credentialsSecret();

        @WithDefault("capmox-system")
        String credentialsNamespace();

        /** K3s's embedded cloud controller initialises the node; off only with an external one in the template. */
        @WithDefault("true")
        boolean cloudController();

        @WithDefault("v0.8.7")
        String kubeVipVersion();

        /**
         * The node interface kube-vip announces the VIP on; unset: kube-vip takes the default route's. The
         * Proxmox provider's {@code eth0} is only a netplan label, the kernel name stays e.g. {@code ens18}.
         */
        java.util.Optional<String> kubeVipInterface();

        /** The Proxmox provider writes provider-id into the cloud-init metadata. */
        @WithDefault("true")
        boolean providerIdInjection();

        /** First Proxmox VM id the provider may give a clone (the seed's range: 401-450). */
        @WithDefault("401")
        long vmIdRangeStart();

        /** Last Proxmox VM id the provider may give a clone. */
        @WithDefault("450")
        long vmIdRangeEnd();

        /** The provider does not wait for cloud-init to finish; the seed's template 9004 is used so. */
        @WithDefault("true")
        boolean skipCloudInitStatus();

        /** The provider does not read the VM's state through the QEMU guest agent; the seed's template 9004 is used so. */
        @WithDefault("true")
        boolean skipQemuGuestAgent();

        /** The node's user the SSH keys are added for, in {@code /home/<user>/.ssh} (the seed's Ubuntu image: ubuntu). */
        @WithDefault("ubuntu")
        String sshUser();

        /**
         * OpenSSH public key lines ({@code <type> <base64> [comment]}) that may log in to the nodes as {@code ssh-user};
         * none by default. Each is checked at start: anything else stops the provisioner.
         */
        Optional<List<String>> sshAuthorizedKeys();
    }
}
