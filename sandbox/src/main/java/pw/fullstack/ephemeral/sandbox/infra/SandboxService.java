package pw.fullstack.ephemeral.sandbox.infra;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import pw.fullstack.ephemeral.testkit.vault.VaultEmulator;

/** The services the sandbox runs, each with the settings that wire it to the sandbox's parts. */
public enum SandboxService {
    ALLOCATOR("allocator-service", "allocator", "allocator", "allocator", "allocator") {
        @Override
        Map<String, String> own(SandboxSettings settings, Parts parts) {
            Map<String, String> values = common(parts);
            values.put("allocator.pool.ranges", settings.poolRanges());
            values.put("allocator.pool.addresses-per-cluster", Integer.toString(settings.addressesPerCluster()));
            values.put("allocator.retry.max-backoff", "1s");
            if (!settings.allocatorLimits()) {
                values.put("allocator.limits.per-repository", "0");
                values.put("allocator.limits.queue-length", "0");
            }
            return values;
        }
    },
    PROVISIONER("provisioner-service", "provisioner", "provisioner", "provisioner", "provisioner") {
        @Override
        Map<String, String> own(SandboxSettings settings, Parts parts) {
            Map<String, String> values = common(parts);
            values.putAll(toolsCluster(parts));
            values.put("provisioner.provisioning-timeout", settings.provisioningTimeout().toSeconds() + "S");
            values.put("provisioner.reconcile-interval", "1S");
            values.put("provisioner.ready-conditions", "Available");
            // the installer runs: an expiry waits for its DnsReleased (it answers within seconds here)
            values.put("provisioner.dns-release-timeout", "30S");
            values.putAll(leaderElection("provisioner"));
            return values;
        }
    },
    INSTALLER("installer-service", "installer", "installer", "installer", "installer") {
        @Override
        Map<String, String> own(SandboxSettings settings, Parts parts) {
            Map<String, String> values = common(parts);
            values.putAll(toolsCluster(parts));
            // the fake DNS zone the tools cluster's simulated external-dns publishes into, on loopback; the installer's
            // defaults (installer.dns.publisher=tools-cluster) keep every DNS credential out of the PRs' clusters
            values.put("installer.dns-check.server", parts.dnsHost());
            values.put("installer.dns-check.port", Integer.toString(parts.dnsPort()));
            values.put("installer.dns-check.timeout", "20S");
            values.put("installer.dns-check.query-timeout", "500MS");
            // each Phase 1 wait (and applying a phase) bounded at a minute; Phase 1 in all keeps its default, which
            // the installer checks at start against what a helm install may take
            values.put("installer.wait-timeout", "60S");
            values.put("installer.release.timeout", "20S");
            values.put("installer.workload.unreachable-after", "5S");
            values.put("installer.workload.request-timeout", "5S");
            values.put("installer.reconcile-interval", "1S");
            values.put("installer.phase2.vault-server", parts.vaultUrl());
            if (settings.delays().any()) {
                // Real infrastructure's pace: the installer's production defaults for its waits and its reconcile pass.
                values.put("installer.wait-timeout", "3M");
                values.put("installer.dns-check.timeout", "5M");
                values.put("installer.reconcile-interval", "5S");
            }
            values.putAll(leaderElection("installer"));
            return values;
        }
    },
    REAPER("reaper-service", "reaper", "reaper", "reaper", "reaper") {
        @Override
        Map<String, String> own(SandboxSettings settings, Parts parts) {
            Map<String, String> values = common(parts);
            values.putAll(toolsCluster(parts));
            values.put("reaper.interval", "1S");
            values.put("reaper.grace-period", settings.gracePeriod().toMillis() + "ms");
            values.put("reaper.orphan-settle-time", settings.orphanSettleTime().toMillis() + "ms");
            // the provisioner starts a teardown within a second; a resend is for a lost or dead-lettered expiry
            values.put("reaper.resend-after", "2M");
            return values;
        }
    },
    /** Publishes, consumes nothing: the sandbox's GitHub stand-in sends it signed webhook deliveries. */
    NOTIFIER("notifier-service", "notifier", "notifier", "notifier", "notifier") {
        @Override
        Map<String, String> own(SandboxSettings settings, Parts parts) {
            Map<String, String> values = common(parts);
            values.put("notifier.github.api-url", parts.githubApiUrl());
            values.put("notifier.github.app.id", Long.toString(parts.githubAppId()));
            // The App's private key is not on the command line: quarkus-vault's config source reads it from the
            // notifier's document, the one %prod names (the sandbox runs profile sandbox, so it is named here too).
            values.putAll(secretConfig(Sandbox.NOTIFIER_SECRETS_PATH));
            values.put("notifier.github.initial-backoff", "200ms");
            values.put("notifier.github.max-backoff", "2s");
            values.put("notifier.expiry.grace-period", settings.gracePeriod().toMillis() + "ms");
            // its Lease (notifier-leader) is its only use of the tools cluster's API
            values.putAll(toolsCluster(parts));
            values.putAll(leaderElection("notifier"));
            return values;
        }
    },
    BRIDGE("github-bridge", "bridge", "bridge", null, "github-bridge") {
        @Override
        Map<String, String> own(SandboxSettings settings, Parts parts) {
            Map<String, String> values = new LinkedHashMap<>();
            values.put("kafka.bootstrap.servers", parts.kafkaBootstrapServers());
            // The webhook secret is not on the command line: quarkus-vault's config source reads it from the bridge's
            // document, the one %prod names (named here too: the sandbox runs profile sandbox).
            values.putAll(secretConfig(Sandbox.BRIDGE_SECRETS_PATH));
            values.put("quarkus.vault.url", parts.vaultUrl());
            values.put("quarkus.vault.devservices.enabled", "false");
            // Any repository: the control API opens whatever PR it is asked for.
            values.put("bridge.filters.repositories", "*/*");
            values.put("quarkus.log.category.\"org.apache.kafka\".level", "WARN");
            values.put("quarkus.kafka.devservices.enabled", "false");
            return values;
        }
    },
    /**
     * The read-only web console: reads the lifecycle and dead-letter topics without a consumer group (so no group id),
     * names no cluster and holds no secret (no Vault). The sandbox adds where the allocator's and the reaper's
     * management interfaces listen ({@link Sandbox}).
     */
    CONSOLE("console-service", "console", null, null, "console") {
        @Override
        Map<String, String> own(SandboxSettings settings, Parts parts) {
            Map<String, String> values = new LinkedHashMap<>();
            values.put("kafka.bootstrap.servers", parts.kafkaBootstrapServers());
            values.put("quarkus.kafka.devservices.enabled", "false");
            values.put("quarkus.log.category.\"org.apache.kafka\".level", "WARN");
            // a sandbox's PRs move in seconds: the pool and the expiries are read every second
            values.put("console.refresh-interval", "1S");
            values.put("console.topic-refresh-interval", "2S");
            // GitHub is the sandbox's double: a PR link that led to github.com would show someone else's PR
            values.put("console.github-url", parts.githubApiUrl());
            return values;
        }

        @Override
        boolean usesVault() {
            return false;
        }
    };

    private final String module;
    private final String label;
    private final String configPrefix;
    private final String groupId;
    private final String serviceAccount;

    SandboxService(String module, String label, String configPrefix, String groupId, String serviceAccount) {
        this.module = module;
        this.label = label;
        this.configPrefix = configPrefix;
        this.groupId = groupId;
        this.serviceAccount = serviceAccount;
    }

    /**
     * Its name in the deploy: ServiceAccount, Vault Kubernetes-auth role and policy (deploy/vault), each service's
     * %prod role default.
     */
    public String serviceAccount() {
        return serviceAccount;
    }

    public String module() {
        return module;
    }

    /** A short name for the start-up lines. */
    public String label() {
        return label;
    }

    /** Whether it consumes the lifecycle topic (has a consumer group and a dead-letter topic). */
    public boolean consumesLifecycle() {
        return groupId != null;
    }

    /** The services that consume the lifecycle topic. */
    public static List<SandboxService> consumers() {
        return Arrays.stream(values()).filter(SandboxService::consumesLifecycle).toList();
    }

    /** The service's Kafka consumer group. */
    public String consumerGroup() {
        if (groupId == null) {
            throw new IllegalStateException(module + " consumes nothing");
        }
        return groupId;
    }

    /** Every setting the service starts with: its own, and those every service must have alike. */
    Map<String, String> settings(SandboxSettings settings, Parts parts) {
        Map<String, String> values = own(settings, parts);
        values.putAll(shared(settings));
        // The services' %prod settings are for a real cluster (Strimzi's TLS + SCRAM listener, deploy/): the sandbox's
        // plaintext broker and stand-ins need the jars run with a profile of their own.
        values.put("quarkus.profile", "sandbox");
        if (!usesVault()) {
            return values;
        }
        // Vault as in production: Kubernetes auth with the role %prod names (deploy/vault: the service account's
        // name), and the ServiceAccount token the sandbox wrote where the pod's projected volume would hold it.
        values.put("quarkus.vault.authentication.kubernetes.role", serviceAccount());
        values.put("quarkus.vault.authentication.kubernetes.jwt-token-path", parts.vaultTokenFile(this).toString());
        // as %prod: Vault's certificate is not the cluster's (and the sandbox has no service-account CA file)
        values.put("quarkus.vault.tls.use-kubernetes-ca-cert", "false");
        return values;
    }

    abstract Map<String, String> own(SandboxSettings settings, Parts parts);

    /** Whether it logs in to Vault (every service but the console). */
    boolean usesVault() {
        return true;
    }

    /** Whether it names clusters (and so must share the sandbox's name form): every service but the console. */
    public boolean namesClusters() {
        return configPrefix != null;
    }

    /**
     * The settings every service must have alike (ClusterNaming's: a service that names clusters
     * differently refuses every PR's events), each under the service's own prefix.
     */
    private Map<String, String> shared(SandboxSettings settings) {
        if (!namesClusters()) {
            return Map.of();
        }
        return Map.of(configPrefix + ".name-form", settings.nameForm().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }

    /**
     * Where the sandbox's parts listen.
     *
     * @param vaultTokens a directory with each service's ServiceAccount token for Vault, {@code <service account>/token}
     */
    public record Parts(String kafkaBootstrapServers, String vaultUrl, Path vaultTokens, String toolsClusterUrl,
                        String githubApiUrl, long githubAppId, String dnsHost, int dnsPort) {

        public Path vaultTokenFile(SandboxService service) {
            return vaultTokens.resolve(service.serviceAccount()).resolve("token");
        }
    }

    /**
     * quarkus.kubernetes-client.api-server-url is fixed at build time; fabric8's own system
     * properties still point a packaged service at another API server.
     */
    private static Map<String, String> toolsCluster(Parts parts) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("kubernetes.master", parts.toolsClusterUrl());
        values.put("kubernetes.namespace", "default");
        values.put("kubernetes.auth.tryKubeConfig", "false");
        values.put("kubernetes.auth.tryServiceAccount", "false");
        return values;
    }

    /**
     * Shorter than the defaults (15 s / 10 s / 2 s), so a killed leader is replaced within seconds (the consumer
     * group's session timeout, 6 s here, is the other half of a failover).
     */
    private static Map<String, String> leaderElection(String prefix) {
        return Map.of(prefix + ".leader-election.lease-duration", "6S",
                prefix + ".leader-election.renew-deadline", "4S",
                prefix + ".leader-election.retry-period", "1S");
    }

    private static Map<String, String> secretConfig(String path) {
        return Map.of("quarkus.vault.secret-config-kv-path", path,
                "quarkus.vault.kv-secret-engine-mount-path", VaultEmulator.DEFAULT_MOUNT);
    }

    private static Map<String, String> common(Parts parts) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("kafka.bootstrap.servers", parts.kafkaBootstrapServers());
        values.put("quarkus.vault.url", parts.vaultUrl());
        values.put("quarkus.log.category.\"org.apache.kafka\".level", "WARN");
        values.put("quarkus.kafka.devservices.enabled", "false");
        values.put("quarkus.vault.devservices.enabled", "false");
        values.put("quarkus.kubernetes-client.devservices.enabled", "false");
        // Let a restarted member take its partitions over quickly after kill -9.
        values.put("mp.messaging.incoming.lifecycle.session.timeout.ms", "6000");
        values.put("mp.messaging.incoming.lifecycle.heartbeat.interval.ms", "1000");
        return values;
    }
}
