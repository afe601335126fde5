package pw.fullstack.ephemeral.installer.install;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import pw.fullstack.ephemeral.leadership.Leadership;
import pw.fullstack.ephemeral.leadership.LeadershipChange;
import pw.fullstack.ephemeral.leadership.WhileLeading;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.ClusterReady;
import pw.fullstack.ephemeral.contracts.events.DnsReleaseOutcome;
import pw.fullstack.ephemeral.contracts.events.DnsReleased;
import pw.fullstack.ephemeral.contracts.events.InstallFailed;
import pw.fullstack.ephemeral.contracts.events.InstalledComponent;
import pw.fullstack.ephemeral.contracts.events.PhaseDuration;
import pw.fullstack.ephemeral.contracts.events.PhasesInstalled;
import pw.fullstack.ephemeral.contracts.events.VaultSecretRef;
import pw.fullstack.ephemeral.contracts.json.EventJson;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;
import pw.fullstack.ephemeral.contracts.pr.RepositoryRef;
import pw.fullstack.ephemeral.installer.InstallerConfig;
import pw.fullstack.ephemeral.installer.dns.DnsResolver;
import pw.fullstack.ephemeral.installer.toolscluster.IssuedCertificate;
import pw.fullstack.ephemeral.installer.toolscluster.PrNamespace;
import pw.fullstack.ephemeral.installer.toolscluster.ToolsCluster;
import pw.fullstack.ephemeral.installer.vault.AppTokens;
import pw.fullstack.ephemeral.installer.vault.AppVaultScope;
import pw.fullstack.ephemeral.installer.vault.VaultSecrets;
import pw.fullstack.ephemeral.installer.workload.WorkloadClients;
import pw.fullstack.ephemeral.installer.workload.WorkloadObjects;
import pw.fullstack.ephemeral.installer.workload.WorkloadWatches;
import pw.fullstack.ephemeral.installer.workload.WatchTargets;
import pw.fullstack.ephemeral.messaging.LifecyclePublisher;
import pw.fullstack.ephemeral.templates.ChartImages;
import pw.fullstack.ephemeral.templates.ManifestObject;
import pw.fullstack.ephemeral.templates.TemplateException;
import pw.fullstack.ephemeral.templates.TemplateSource;
import pw.fullstack.ephemeral.templates.WorkloadCluster;
import pw.fullstack.ephemeral.templates.WorkloadTemplateSettings;
import pw.fullstack.ephemeral.templates.WorkloadTemplates;

/**
 * The reconcile loop that does the installations: triggered by an informer on the managed Clusters,
 * by the Kafka handler, and every {@code installer.reconcile-interval} for all of them. Each pass reads
 * the installation's annotations, looks at the workload cluster (or DNS), asks {@link InstallPlan} and
 * acts: Phase 1 (credentials from Vault into Secrets, HelmCharts), the waits, Phase 2, the DNS check,
 * the release of the DNS record, and the one event the run ends with.
 *
 * <p>Exactly once: an event is published, the broker's ack awaited, then the marker written. A crash
 * in between re-publishes after a restart with the same id (derived from the annotated cause), which
 * consumers drop.
 *
 * <p>Only the leader runs it ({@link Leadership}): the informer lives from leadership acquired to leadership lost,
 * a queued cluster is reconciled only while this replica leads, and the periodic pass does nothing in a follower.
 */
@ApplicationScoped
public class Installer {

    private static final Logger LOG = Logger.getLogger(Installer.class);
    /** Phase 1's credentials and HelmCharts were all applied once; after a crash before this, they are applied again. */
    static final String PHASE1_APPLIED = InstallAnnotations.PREFIX + "phase1-applied-at";
    /** When each Phase 1 wait after the helm installs began (JSON: wait → instant), so its deadline survives a restart. */
    static final String PHASE1_WAITS = InstallAnnotations.PREFIX + "phase1-waits";
    private static final String CLOUDFLARE_SECRET = "cloudflare-api-token";
    private static final String PIHOLE_SECRET = "pihole-password";
    private static final String VAULT_TOKEN_SECRET = "vault-token";

    @Inject
    InstallerConfig config;

    @Inject
    ToolsCluster tools;

    @Inject
    PrNamespace prNamespace;

    @Inject
    WorkloadClients clients;

    @Inject
    VaultSecrets vault;

    @Inject
    AppTokens appTokens;

    @Inject
    DnsResolver resolver;

    @Inject
    LifecyclePublisher publisher;

    @Inject
    InstallerMetrics metrics;

    @Inject
    ClusterLocks locks;

    @Inject
    WorkloadTemplateSettings settings;

    @Inject
    Phase1Deadlines deadlines;

    @Inject
    ChartImages chartImages;

    @Inject
    Leadership leadership;

    @Inject
    WorkloadWatches watches;

    private WorkloadTemplates templates;
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final WhileLeading informing = new WhileLeading("the informer on managed Clusters",
            () -> tools.watch(this::request), () -> {
                queued.clear();
                watches.closeAll(); // the new leader watches what it installs
            });
    /** Per cluster, the run whose ClusterDestroyed was seen: its cluster is not watched any more. */
    private final Map<String, String> destroyed = new ConcurrentHashMap<>();
    /** Clusters whose next look is scheduled ({@link #lookAgainSoon}). */
    private final Set<String> lookingAgain = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "installer-look-again");
        thread.setDaemon(true);
        return thread;
    });
    /** When each installed environment's certificate was last compared with the tools cluster's (a pace, not state). */
    private final Map<String, Instant> certificateSynced = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newFixedThreadPool(4, r -> {
        Thread thread = new Thread(r, "installer-reconciler");
        thread.setDaemon(true);
        return thread;
    });

    @PostConstruct
    void init() {
        templates = new WorkloadTemplates(TemplateSource.withOverride(config.phase1().templateDirectory()), chartImages);
    }

    void onLeadership(@Observes LeadershipChange change) {
        informing.on(change);
    }

    void stop(@Observes ShutdownEvent event) {
        informing.close();
        later.shutdownNow();
        workers.shutdownNow();
        watches.closeAll();
    }

    /** Queues one cluster for reconciliation (coalesced while queued); nothing in a follower. */
    public void request(String name) {
        if (!leadership.leads() || workers.isShutdown() || !queued.add(name)) {
            return;
        }
        try {
            workers.execute(() -> {
                queued.remove(name);
                if (!leadership.leads()) {
                    return; // lost the lease while it waited: the new leader reconciles it
                }
                try {
                    reconcile(name);
                } catch (RuntimeException e) {
                    LOG.warnf("reconcile of %s failed, retried on the next pass: %s", name, e.toString());
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            queued.remove(name);
        }
    }

    /**
     * Looks at the cluster again after {@code installer.dns-check.interval}, for what cannot be watched (DNS, the
     * certificate on the tools cluster) or was refused for a moment; coalesced.
     */
    private void lookAgainSoon(String name) {
        if (!lookingAgain.add(name)) {
            return;
        }
        try {
            later.schedule(() -> {
                lookingAgain.remove(name);
                request(name);
            }, config.dnsCheck().interval().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            lookingAgain.remove(name);
        }
    }

    /**
     * The run's cluster is gone (ClusterDestroyed): its watches are closed by the next pass and not opened again. Only
     * queues the pass: nothing here blocks the Kafka consumer.
     */
    public void clusterDestroyed(String name, String run) {
        destroyed.put(name, run);
        request(name);
    }

    @Scheduled(every = "${installer.reconcile-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reconcileAll() {
        if (!leadership.leads()) {
            return;
        }
        Instant now = Instant.now();
        Map<InstallStep, Integer> counts = new EnumMap<>(InstallStep.class);
        List<String> stuck = new ArrayList<>();
        for (Installation installation : tools.installations()) {
            Optional<InstallStep> step = installation.step().filter(s -> installation.forOwner());
            step.ifPresent(s -> counts.merge(s, 1, Integer::sum));
            if (InstallPlan.stuck(installation, config.stuckAfter(), now)) {
                stuck.add(installation.name() + " (" + step.map(InstallStep::wireName).orElse("?") + " since "
                        + installation.deadline().map(Instant::toString).orElse("?") + ")");
            }
            if (step.isPresent() && !step.get().terminal()) {
                request(installation.name());
            } else if (step.isPresent() && step.get() == InstallStep.INSTALLED && followsCertificate()) {
                if (InstallPlan.certificateSyncDue(Optional.ofNullable(certificateSynced.get(installation.name())),
                        config.tls().syncInterval(), now)) {
                    request(installation.name());
                }
            } else {
                certificateSynced.remove(installation.name());
                clients.forget(installation.name());
            }
        }
        metrics.observed(counts, stuck);
    }

    /** One pass over one cluster; public for tests that drive it directly. */
    public void reconcile(String name) {
        locks.with(name, () -> {
            Optional<Installation> found = tools.installation(name);
            if (found.isEmpty()) {
                clients.forget(name);
                return null;
            }
            Installation installation = found.get();
            if (!installation.forOwner()) {
                return null; // another run owns the cluster now; its ClusterReady or ClusterExpired starts what it needs
            }
            Optional<InstallStep> step = installation.step();
            Instant now = Instant.now();
            if (step.isEmpty() || step.get() != InstallStep.PHASE1 || clusterGone(installation)) {
                watches.close(name); // only Phase 1's waits are watched
            }
            if (step.isPresent() && step.get() == InstallStep.INSTALLED && followsCertificate()) {
                followCertificate(installation, now);
                return null;
            }
            if (step.isEmpty() || step.get().terminal()) {
                return null;
            }
            metrics.reconciled(step.get());
            switch (step.get()) {
                case PHASE1 -> phase1(installation, now);
                case PHASE2 -> phase2(installation, now);
                case DNS_CHECK -> dnsCheck(installation, now);
                case FAILING -> release(installation, now, true);
                case RELEASING -> release(installation, now, false);
                default -> { }
            }
            return null;
        });
    }

    // Phase 1 ------------------------------------------------------------------------------------

    private void phase1(Installation installation, Instant now) {
        String name = installation.name();
        Optional<ClusterReady> ready = installation.clusterReady();
        if (ready.isEmpty()) {
            fail(installation, "phase1", "kubeconfig", "the run's ClusterReady annotation cannot be read", now);
            return;
        }
        WorkloadCluster cluster = workloadCluster(ready.get());
        List<ManifestObject> charts;
        List<ManifestObject> phase2;
        List<ManifestObject> toolsSide;
        List<String> crds;
        try {
            charts = templates.phase1(cluster, settings);
            phase2 = templates.phase2(cluster, settings);
            toolsSide = templates.toolsSide(cluster, settings);
            crds = phase2.stream().filter(o -> !o.group().isEmpty()).map(WorkloadObjects::crdName).distinct().toList();
        } catch (TemplateException e) {
            fail(installation, "phase1", "apply", "templates refused the values: " + e.getMessage(), now);
            return;
        }
        KubernetesClient client;
        try {
            client = clients.client(name, installation.run().orElseThrow(), ready.get().kubeconfig());
        } catch (VaultSecrets.MissingSecretException e) {
            fail(installation, "phase1", "kubeconfig", e.getMessage(), now);
            return;
        } catch (WorkloadClients.UnreachableException e) {
            fail(installation, "phase1", "kubeconfig", e.getMessage(), now);
            return;
        }
        if (!clusterGone(installation)) {
            // Opened before the cluster is read below: nothing that changes after this read goes unseen.
            watches.watch(name, client, WatchTargets.of(charts, crds), () -> request(name));
        }
        WorkloadObjects objects = new WorkloadObjects(client, name);
        Optional<Instant> applied = installation.instant(PHASE1_APPLIED);
        Instant phaseDeadline = installation.deadline().orElse(now);
        Phase1Progress progress;
        try {
            if (applied.isEmpty()) {
                placeCredentials(objects, settings, installation);
                for (ManifestObject chart : charts) {
                    WorkloadObjects.Applied result = objects.apply(chart);
                    LOG.debugf("%s: HelmChart %s %s", name, chart.name(), result);
                }
                // From here the deadline is the waits' in all; each wait has its own besides.
                phaseDeadline = now.plus(deadlines.overall());
                tools.annotate(name, Map.of(PHASE1_APPLIED, now.toString(), InstallAnnotations.DEADLINE,
                        phaseDeadline.toString()), List.of(PHASE1_WAITS));
                applied = Optional.of(now);
                LOG.infof("%s: Phase 1 applied (%d HelmCharts), waiting for Jobs, Deployments and CRDs %s", name,
                        charts.size(), crds);
            }
            // From the watches' caches while they run: no request to the cluster for what they already said.
            progress = WorkloadObjects.phase1(charts, crds, watches.reads(name, client).orElseGet(objects::live));
        } catch (VaultSecrets.MissingSecretException e) {
            fail(installation, "phase1", "credentials", e.getMessage(), now);
            return;
        } catch (KubernetesClientException e) {
            if (refused(e)) {
                fail(installation, "phase1", "apply", "the cluster refused a Phase 1 object: " + status(e), now);
                return;
            }
            progress = Phase1Progress.unreachable(status(e));
        }
        Map<String, Instant> recorded = recordedWaits(installation);
        Map<String, Instant> begun = InstallPlan.waitsBegun(progress, recorded, now);
        if (!begun.equals(recorded)) {
            Map<String, String> text = new TreeMap<>();
            begun.forEach((wait, at) -> text.put(wait, at.toString()));
            tools.annotate(name, Map.of(PHASE1_WAITS, json(text)), List.of());
        }
        Instant started = installation.instant(InstallAnnotations.STARTED).orElse(now);
        InstallPlan.Outcome outcome = InstallPlan.phase1(progress, applied.orElse(now), begun, deadlines, phaseDeadline, now);
        if (outcome instanceof InstallPlan.Fail failure) {
            fail(installation, failure.phase(), failure.step(), failure.reason(), now);
            return;
        }
        if (!applyPhase2Early(installation, objects, phase2, toolsSide, progress, now)) {
            return;
        }
        if (outcome instanceof InstallPlan.Proceed) {
            watches.close(name);
            tools.annotate(name, Map.of(InstallAnnotations.STEP, InstallStep.PHASE2.wireName(),
                    InstallAnnotations.PHASE1_DONE, now.toString(),
                    InstallAnnotations.DEADLINE, now.plus(deadlines.eachWait()).toString()), List.of());
            metrics.phaseTook("phase1", Duration.between(started, now));
            LOG.infof("%s: Phase 1 ready after %d ms", name, Duration.between(started, now).toMillis());
            request(name);
        } else if (outcome instanceof InstallPlan.Wait wait) {
            LOG.debugf("%s: Phase 1: %s", name, wait.why());
        }
    }

    /**
     * Phase 2 alongside Phase 1: the PR's name and certificate on the tools cluster at once (issuing and propagating
     * take the longest), and each object in the PR's cluster as soon as it is accepted ({@link Phase2Readiness}).
     * What is applied is recorded, and not applied again. A refusal fails the installation (as in Phase 2); an API
     * that does not answer is asked again soon — the Phase 2 step applies whatever is left, under its own deadline.
     *
     * @return false when the installation failed
     */
    private boolean applyPhase2Early(Installation installation, WorkloadObjects objects, List<ManifestObject> phase2,
                                     List<ManifestObject> toolsSide, Phase1Progress progress, Instant now) {
        String name = installation.name();
        Set<String> recorded = Phase2Readiness.parse(installation.annotation(InstallAnnotations.PHASE2_APPLIED));
        Set<String> applied = new LinkedHashSet<>(recorded);
        Optional<String> refusal = Optional.empty();
        try {
            if (!toolsSide.isEmpty() && !applied.contains(Phase2Readiness.TOOLS_SIDE)) {
                prNamespace.apply(name, toolsSide);
                applied.add(Phase2Readiness.TOOLS_SIDE);
                LOG.infof("%s: DNSEndpoint and Certificate applied on the tools cluster while Phase 1 runs", name);
            }
        } catch (KubernetesClientException e) {
            if (refused(e)) {
                refusal = Optional.of("the tools cluster refused the PR's DNSEndpoint or Certificate: " + status(e));
            } else {
                lookAgainSoon(name);
            }
        }
        if (refusal.isEmpty()) {
            try {
                for (ManifestObject object : Phase2Readiness.applicable(phase2, progress, applied)) {
                    objects.apply(object);
                    applied.add(Phase2Readiness.key(object));
                    LOG.debugf("%s: %s %s applied while Phase 1 runs", name, object.kind(), object.name());
                }
                if (!applied.contains(Phase2Readiness.POD_SECURITY)
                        && Phase2Readiness.namespaceExists(phase2, config.phase2().appNamespace(), applied)) {
                    objects.namespaceLabels(config.phase2().appNamespace(), PodSecurityLabels.of(config.phase2().podSecurity()));
                    applied.add(Phase2Readiness.POD_SECURITY);
                }
            } catch (KubernetesClientException e) {
                if (refused(e)) {
                    refusal = Optional.of("the cluster refused a Phase 2 object: " + status(e));
                } else {
                    lookAgainSoon(name);
                }
            }
        }
        recordPhase2(installation, recorded, applied, now);
        if (refusal.isPresent()) {
            fail(installation, "phase2", "apply", refusal.get(), now);
            return false;
        }
        return true;
    }

    private void recordPhase2(Installation installation, Set<String> recorded, Set<String> applied, Instant now) {
        if (applied.equals(recorded)) {
            return;
        }
        Map<String, String> state = new LinkedHashMap<>();
        state.put(InstallAnnotations.PHASE2_APPLIED, Phase2Readiness.format(applied));
        if (installation.instant(InstallAnnotations.PHASE2_STARTED).isEmpty()) {
            state.put(InstallAnnotations.PHASE2_STARTED, now.toString());
        }
        tools.annotate(installation.name(), state, List.of());
    }

    private static Map<String, Instant> recordedWaits(Installation installation) {
        Map<String, Instant> begun = new TreeMap<>();
        installation.annotation(PHASE1_WAITS).ifPresent(text -> {
            try {
                EventJson.mapper().readValue(text, new TypeReference<Map<String, String>>() { })
                        .forEach((wait, at) -> begun.put(wait, Instant.parse(at)));
            } catch (JsonProcessingException | DateTimeParseException e) {
                LOG.warnf("%s: %s unreadable, the waits after the helm installs begin again: %s", installation.name(),
                        PHASE1_WAITS, e.getMessage());
            }
        });
        return begun;
    }

    /** Credentials from Vault into Secrets the templates name; values never logged. */
    private void placeCredentials(WorkloadObjects objects, WorkloadTemplateSettings settings, Installation installation) {
        InstallerConfig.Vault v = config.vault();
        String mount = v.mount();
        // Only with the in-cluster publisher (unsafe for untrusted PRs): from the tools cluster, no DNS credential goes in.
        if (settings.needsCloudflareToken()) {
            String token = vault.read(new VaultSecretRef(mount, v.cloudflarePath(), v.cloudflareField()));
            if (settings.inClusterDnsProviders().contains(WorkloadTemplateSettings.DnsProvider.CLOUDFLARE)) {
                objects.namespace("external-dns");
                objects.secret("external-dns", CLOUDFLARE_SECRET, "api-token", token);
            }
            if (settings.acmeSolver() == WorkloadTemplateSettings.AcmeSolver.DNS01_CLOUDFLARE) {
                objects.namespace("cert-manager");
                objects.secret("cert-manager", CLOUDFLARE_SECRET, "api-token", token);
            }
        }
        if (settings.needsPiholePassword()) {
            String password = vault.read(new VaultSecretRef(mount, v.piholePath(), v.piholeField()));
            objects.namespace("external-dns");
            objects.secret("external-dns", PIHOLE_SECRET, "password", password);
        }
        placeAppToken(objects, installation);
    }

    /**
     * A token of the cluster's own, reading only its repository's secrets: minted, remembered by
     * accessor (with any earlier ones, so a crash anywhere leaves every live accessor on record), placed,
     * and only then are the earlier tokens of this cluster (a previous run's) revoked.
     */
    private void placeAppToken(WorkloadObjects objects, Installation installation) {
        InstallerConfig.Vault v = config.vault();
        String name = installation.name();
        PullRequestRef pr = pullRequest(installation);
        AppVaultScope scope = AppVaultScope.of(pr.repository(), v.appsPath(), v.appPolicyPrefix());
        List<String> earlier = AppTokenAccessors.parse(installation.annotation(AppTokenAccessors.ANNOTATION).orElse(""));
        AppTokens.Minted minted = appTokens.mint(v.appTokenRole(), scope.policy(), v.appTokenTtl(),
                Map.of("cluster", name, "repository", pr.repository().toString(), "pr", Integer.toString(pr.number()),
                        "run", installation.run().orElse("")), name);
        List<String> all = new ArrayList<>(earlier);
        all.add(minted.accessor());
        tools.annotate(name, Map.of(AppTokenAccessors.ANNOTATION, AppTokenAccessors.format(all)), List.of());
        objects.namespace("external-secrets");
        objects.secret("external-secrets", VAULT_TOKEN_SECRET, "token", minted.token());
        for (String accessor : earlier) {
            appTokens.revoke(accessor);
        }
        if (!earlier.isEmpty()) {
            tools.annotate(name, Map.of(AppTokenAccessors.ANNOTATION, minted.accessor()), List.of());
        }
    }

    /** Teardown: every token this cluster was given is revoked before the release is reported. */
    private void revokeAppTokens(Installation installation) {
        List<String> accessors = AppTokenAccessors.parse(installation.annotation(AppTokenAccessors.ANNOTATION).orElse(""));
        for (String accessor : accessors) {
            appTokens.revoke(accessor);
        }
        if (!accessors.isEmpty()) {
            tools.annotate(installation.name(), Map.of(), List.of(AppTokenAccessors.ANNOTATION));
            LOG.infof("%s: %d Vault token(s) of the cluster revoked", installation.name(), accessors.size());
        }
    }

    // Phase 2 ------------------------------------------------------------------------------------

    /** Phase 1 is done: whatever of Phase 2 was not applied alongside it, then the DNS check. */
    private void phase2(Installation installation, Instant now) {
        String name = installation.name();
        ClusterReady ready = installation.clusterReady().orElseThrow();
        WorkloadCluster cluster = workloadCluster(ready);
        List<ManifestObject> phase1;
        List<ManifestObject> phase2;
        List<ManifestObject> toolsSide;
        try {
            phase1 = templates.phase1(cluster, settings);
            phase2 = templates.phase2(cluster, settings);
            toolsSide = templates.toolsSide(cluster, settings);
        } catch (TemplateException e) {
            fail(installation, "phase2", "apply", "templates refused the values: " + e.getMessage(), now);
            return;
        }
        Set<String> recorded = Phase2Readiness.parse(installation.annotation(InstallAnnotations.PHASE2_APPLIED));
        Set<String> applied = new LinkedHashSet<>(recorded);
        try {
            if (!toolsSide.isEmpty() && !applied.contains(Phase2Readiness.TOOLS_SIDE)) {
                // The name and the certificate first: issuing and propagating take the longest.
                prNamespace.apply(name, toolsSide);
                applied.add(Phase2Readiness.TOOLS_SIDE);
            }
        } catch (KubernetesClientException e) {
            recordPhase2(installation, recorded, applied, now);
            if (refused(e)) {
                fail(installation, "phase2", "apply", "the tools cluster refused the PR's DNSEndpoint or Certificate: "
                        + status(e), now);
            } else if (!now.isBefore(installation.deadline().orElse(now))) {
                fail(installation, "phase2", "tools-api", "the tools cluster's API server did not answer: " + status(e), now);
            } else {
                LOG.debugf("%s: tools-side objects not applied yet: %s", name, status(e));
            }
            return;
        }
        try {
            if (!Phase2Readiness.complete(phase2, false, applied)) {
                WorkloadObjects objects = new WorkloadObjects(clients.client(name, installation.run().orElseThrow(),
                        ready.kubeconfig()), name);
                for (ManifestObject object : phase2) {
                    if (!applied.contains(Phase2Readiness.key(object))) {
                        objects.apply(object);
                        applied.add(Phase2Readiness.key(object));
                    }
                }
                if (!applied.contains(Phase2Readiness.POD_SECURITY)) {
                    objects.namespaceLabels(config.phase2().appNamespace(), PodSecurityLabels.of(config.phase2().podSecurity()));
                    applied.add(Phase2Readiness.POD_SECURITY);
                }
            }
        } catch (VaultSecrets.MissingSecretException | WorkloadClients.UnreachableException e) {
            fail(installation, "phase2", "kubeconfig", e.getMessage(), now);
            return;
        } catch (KubernetesClientException e) {
            recordPhase2(installation, recorded, applied, now);
            if (refused(e)) {
                fail(installation, "phase2", "apply", "the cluster refused a Phase 2 object: " + status(e), now);
            } else if (!now.isBefore(installation.deadline().orElse(now))) {
                fail(installation, "phase2", "workload-api", "the cluster's API server did not answer: " + status(e), now);
            } else {
                LOG.debugf("%s: Phase 2 not applied yet: %s", name, status(e));
            }
            return;
        }
        Instant phase2Started = installation.instant(InstallAnnotations.PHASE2_STARTED).orElse(now);
        Map<String, String> state = new LinkedHashMap<>();
        state.put(InstallAnnotations.STEP, InstallStep.DNS_CHECK.wireName());
        state.put(InstallAnnotations.PHASE2_STARTED, phase2Started.toString());
        state.put(InstallAnnotations.PHASE2_APPLIED, Phase2Readiness.format(applied));
        state.put(InstallAnnotations.DNS_CHECK_STARTED, now.toString());
        state.put(InstallAnnotations.DEADLINE, now.plus(config.dnsCheck().timeout()).toString());
        List<ManifestObject> all = new ArrayList<>(phase2);
        all.addAll(toolsSide);
        state.put(InstallAnnotations.COMPONENTS, json(components(phase1, all)));
        tools.annotate(name, state, List.of());
        metrics.phaseTook("phase2", Duration.between(phase2Started, now));
        LOG.infof("%s: Phase 2 applied (%d objects, %d of them while Phase 1 ran); checking that %s resolves to %s at %s",
                name, phase2.size(), phase2.stream().filter(o -> recorded.contains(Phase2Readiness.key(o))).count(),
                ready.dnsName(), vip(ready), resolver.describe());
        request(name);
    }

    static List<InstalledComponent> components(List<ManifestObject> phase1, List<ManifestObject> phase2) {
        List<InstalledComponent> components = new ArrayList<>();
        for (ManifestObject chart : phase1) {
            Object spec = chart.content().get("spec");
            String version = spec instanceof Map<?, ?> s && s.get("version") != null ? s.get("version").toString() : "unpinned";
            components.add(new InstalledComponent(chart.name(), version, "phase1"));
        }
        for (ManifestObject object : phase2) {
            if (object.group().isEmpty() && !object.kind().equals("ResourceQuota") && !object.kind().equals("LimitRange")) {
                continue; // the app Namespace is not a component
            }
            String component = object.kind().equals("Cluster") ? "postgresql" : object.kind().toLowerCase(java.util.Locale.ROOT);
            components.add(new InstalledComponent(component, object.apiVersion(), "phase2"));
        }
        return components;
    }

    // DNS check ----------------------------------------------------------------------------------

    private void dnsCheck(Installation installation, Instant now) {
        String name = installation.name();
        ClusterReady ready = installation.clusterReady().orElseThrow();
        Instant started = installation.instant(InstallAnnotations.DNS_CHECK_STARTED).orElse(now);
        Optional<String> certificatePending = followsCertificate() ? copyCertificate(installation, ready.kubeconfig())
                : Optional.empty();
        InstallPlan.Outcome outcome = InstallPlan.dnsCheck(resolver.resolve(ready.dnsName()), ready.dnsName(), vip(ready),
                resolver.describe(), started, installation.deadline().orElse(now), now, config.dnsCheck().strict(),
                certificatePending);
        if (outcome instanceof InstallPlan.Wait wait) {
            LOG.debugf("%s: DNS check: %s", name, wait.why());
            lookAgainSoon(name);
        } else if (outcome instanceof InstallPlan.Fail failure) {
            fail(installation, failure.phase(), failure.step(), failure.reason(), now);
        } else if (outcome instanceof InstallPlan.Installed installed) {
            reportInstalled(installation, ready, installed.warnings(), now);
        }
    }

    private void reportInstalled(Installation installation, ClusterReady ready, List<String> warnings, Instant now) {
        String name = installation.name();
        List<InstalledComponent> components = readComponents(installation);
        List<PhaseDuration> durations = durations(installation, now);
        PhasesInstalled event = new PhasesInstalled(ready.pullRequest(), ready.clusterName(),
                URI.create("https://" + ready.dnsName()), components.stream().map(InstalledComponent::name).toList(),
                components, durations, warnings);
        publisher.publishAndAwait(EventEnvelope.causedBy(installation.annotation(InstallAnnotations.CAUSE_ID).orElseThrow(),
                installation.run().orElseThrow(), config.source(), event));
        Map<String, String> state = new LinkedHashMap<>();
        state.put(InstallAnnotations.STEP, InstallStep.INSTALLED.wireName());
        state.put(InstallAnnotations.FINISHED, now.toString());
        state.put(InstallAnnotations.REPORTED, now.toString());
        if (!warnings.isEmpty()) {
            state.put(InstallAnnotations.WARNING, String.join("; ", warnings));
        }
        tools.annotate(name, state, List.of(InstallAnnotations.DEADLINE));
        installation.instant(InstallAnnotations.DNS_CHECK_STARTED)
                .ifPresent(s -> metrics.phaseTook("dns-check", Duration.between(s, now)));
        installation.instant(InstallAnnotations.STARTED).ifPresent(s -> metrics.phaseTook("total", Duration.between(s, now)));
        if (!warnings.isEmpty()) {
            metrics.dnsWarning();
        }
        if (followsCertificate()) {
            certificateSynced.put(name, now); // the copy is fresh; renewals are followed from here
        } else {
            clients.forget(name);
        }
        LOG.infof("%s: PhasesInstalled reported for run %s (%s)%s", name, installation.run().get(), durations,
                warnings.isEmpty() ? "" : "; warnings: " + warnings);
    }

    static List<PhaseDuration> durations(Installation installation, Instant now) {
        List<PhaseDuration> durations = new ArrayList<>();
        Optional<Instant> started = installation.instant(InstallAnnotations.STARTED);
        Optional<Instant> phase2 = installation.instant(InstallAnnotations.PHASE2_STARTED);
        Optional<Instant> dns = installation.instant(InstallAnnotations.DNS_CHECK_STARTED);
        // Phase 2 overlaps Phase 1: each counts from its own start to its own end (an installation recorded before the
        // overlap has no Phase 1 end: Phase 2's start was it).
        Optional<Instant> phase1Done = installation.instant(InstallAnnotations.PHASE1_DONE).or(() -> phase2);
        if (started.isPresent() && phase1Done.isPresent()) {
            durations.add(new PhaseDuration("phase1", Duration.between(started.get(), phase1Done.get()).toMillis()));
        }
        if (phase2.isPresent() && dns.isPresent()) {
            durations.add(new PhaseDuration("phase2", Duration.between(phase2.get(), dns.get()).toMillis()));
        }
        dns.ifPresent(d -> durations.add(new PhaseDuration("dns-check", Duration.between(d, now).toMillis())));
        return durations;
    }

    // Failure and release ----------------------------------------------------------------------

    /** Records the failure; the DNS record (if any) is taken away before InstallFailed is reported. */
    private void fail(Installation installation, String phase, String step, String reason, Instant now) {
        String name = installation.name();
        Map<String, String> state = new LinkedHashMap<>();
        state.put(InstallAnnotations.STEP, InstallStep.FAILING.wireName());
        state.put(InstallAnnotations.FAILURE_PHASE, phase);
        state.put(InstallAnnotations.FAILURE_STEP, step);
        state.put(InstallAnnotations.FAILURE_REASON, oneLine(reason));
        state.put(InstallAnnotations.RELEASE_STARTED, now.toString());
        state.put(InstallAnnotations.DEADLINE, now.plus(config.release().timeout()).toString());
        tools.annotate(name, state, List.of(InstallAnnotations.RELEASE_HAD_RECORD));
        metrics.failed(step);
        LOG.warnf("%s: installation of run %s failed at %s/%s: %s", name, installation.run().orElse("?"), phase, step,
                oneLine(reason));
        request(name);
    }

    private void release(Installation installation, Instant now, boolean failing) {
        String name = installation.name();
        String dnsName = dnsName(installation);
        String vip = vip(installation);
        Instant started = installation.instant(InstallAnnotations.RELEASE_STARTED).orElse(now);
        Optional<Boolean> hadRecord = installation.annotation(InstallAnnotations.RELEASE_HAD_RECORD).map(Boolean::parseBoolean);
        InstallPlan.Outcome outcome;
        if (hadRecord.isEmpty() && settings.publishing().fromToolsCluster()) {
            // The record is the tools cluster's: no need to reach the PR's cluster, which may be gone already.
            boolean deleted = prNamespace.release(name);
            tools.annotate(name, Map.of(InstallAnnotations.RELEASE_HAD_RECORD, Boolean.toString(deleted)), List.of());
            hadRecord = Optional.of(deleted);
            if (deleted) {
                LOG.infof("%s: DNSEndpoint and Certificate deleted on the tools cluster; waiting for %s to leave DNS", name,
                        dnsName);
            }
        }
        if (hadRecord.isEmpty()) {
            try {
                KubernetesClient client = clients.client(name, installation.run().orElseThrow(), kubeconfigRef(name));
                boolean deleted = new WorkloadObjects(client, name).deleteDnsEndpoint();
                tools.annotate(name, Map.of(InstallAnnotations.RELEASE_HAD_RECORD, Boolean.toString(deleted)), List.of());
                hadRecord = Optional.of(deleted);
                if (deleted) {
                    LOG.infof("%s: DNSEndpoint deleted; waiting for %s to leave DNS", name, dnsName);
                }
            } catch (VaultSecrets.MissingSecretException e) {
                hadRecord = Optional.of(false); // no kubeconfig: the cluster never got as far as a DNS record
                tools.annotate(name, Map.of(InstallAnnotations.RELEASE_HAD_RECORD, "false"), List.of());
            } catch (WorkloadClients.UnreachableException | KubernetesClientException e) {
                String why = e instanceof KubernetesClientException k ? status(k) : e.getMessage();
                if (now.isBefore(started.plus(config.workload().unreachableAfter()))) {
                    LOG.debugf("%s: workload API not reachable yet for the release: %s", name, why);
                    return;
                }
                finishRelease(installation, new InstallPlan.Released(DnsReleaseOutcome.UNREACHABLE,
                        "the cluster's API server did not answer for " + config.workload().unreachableAfter().toSeconds()
                                + " s: " + why), failing, now);
                return;
            }
        }
        outcome = InstallPlan.release(hadRecord.get(), hadRecord.get() ? resolver.resolve(dnsName)
                : DnsAnswer.of(List.of()), dnsName, vip, resolver.describe(), installation.deadline().orElse(now), now);
        if (outcome instanceof InstallPlan.Released released) {
            finishRelease(installation, released, failing, now);
        } else if (outcome instanceof InstallPlan.Wait wait) {
            LOG.debugf("%s: release: %s", name, wait.why());
            lookAgainSoon(name);
        }
    }

    private void finishRelease(Installation installation, InstallPlan.Released released, boolean failing, Instant now) {
        String name = installation.name();
        revokeAppTokens(installation);
        String run = installation.run().orElseThrow();
        PullRequestRef pr = pullRequest(installation);
        if (failing) {
            InstallFailed failed = new InstallFailed(pr, ClusterName.of(name),
                    installation.annotation(InstallAnnotations.FAILURE_PHASE).orElse("phase1"),
                    installation.annotation(InstallAnnotations.FAILURE_REASON).orElse("unknown"),
                    installation.annotation(InstallAnnotations.FAILURE_STEP).orElse(null));
            publisher.publishAndAwait(EventEnvelope.causedBy(installation.annotation(InstallAnnotations.CAUSE_ID).orElseThrow(),
                    run, config.source(), failed));
            tools.annotate(name, Map.of(InstallAnnotations.STEP, InstallStep.FAILED.wireName(),
                    InstallAnnotations.FINISHED, now.toString(), InstallAnnotations.REPORTED, now.toString()),
                    List.of(InstallAnnotations.DEADLINE));
            LOG.infof("%s: InstallFailed reported for run %s (DNS record: %s)", name, run, released.outcome().wireName());
        } else {
            DnsReleased event = new DnsReleased(pr, ClusterName.of(name), dnsName(installation), released.outcome(),
                    oneLine(released.detail()));
            publisher.publishAndAwait(EventEnvelope.causedBy(
                    installation.annotation(InstallAnnotations.RELEASE_CAUSE_ID).orElseThrow(), run, config.source(), event));
            tools.annotate(name, Map.of(InstallAnnotations.STEP, InstallStep.RELEASED.wireName(),
                    InstallAnnotations.REPORTED, now.toString()), List.of(InstallAnnotations.DEADLINE));
            metrics.released(released.outcome().wireName());
            LOG.infof("%s: DnsReleased (%s) reported for run %s: %s", name, released.outcome().wireName(), run,
                    released.detail());
        }
        certificateSynced.remove(name);
        clients.forget(name);
    }

    // The certificate ---------------------------------------------------------------------------

    /** The tools cluster issues the environment's certificate, and the installer keeps its copy current. */
    private boolean clusterGone(Installation installation) {
        return installation.run().isPresent() && installation.run().get().equals(destroyed.get(installation.name()));
    }

    private boolean followsCertificate() {
        return settings.publishing().fromToolsCluster();
    }

    /** An installed environment: its copy compared with the tools cluster's certificate, and replaced after a renewal. */
    private void followCertificate(Installation installation, Instant now) {
        String name = installation.name();
        if (!InstallPlan.certificateSyncDue(Optional.ofNullable(certificateSynced.get(name)), config.tls().syncInterval(), now)) {
            return;
        }
        copyCertificate(installation, kubeconfigRef(name)).ifPresent(why -> LOG.debugf("%s: certificate not copied: %s", name, why));
        certificateSynced.put(name, Instant.now());
    }

    /**
     * Copies the certificate cert-manager issued on the tools cluster (only {@code tls.crt}, {@code tls.key},
     * {@code ca.crt}) into the app namespace of the PR's cluster, when it differs from the copy there. Nothing here
     * fails an installation: what cannot be copied now is tried again.
     *
     * @return why it is not (yet) there; empty when the copy is current
     */
    private Optional<String> copyCertificate(Installation installation, VaultSecretRef kubeconfig) {
        String name = installation.name();
        String namespace = settings.app().namespace();
        String secret = config.tls().secretName();
        try {
            IssuedCertificate issued = prNamespace.certificate(name);
            if (issued.data().isEmpty()) {
                return Optional.of(issued.state());
            }
            WorkloadObjects.Applied result = new WorkloadObjects(clients.client(name, installation.run().orElseThrow(),
                    kubeconfig), name)
                    .tlsSecret(namespace, secret, issued.data().get());
            if (result == WorkloadObjects.Applied.FOREIGN) {
                return Optional.of("Secret " + namespace + "/" + secret + " in the cluster is not the installer's: left alone");
            }
            if (result != WorkloadObjects.Applied.UNCHANGED) {
                LOG.infof("%s: certificate copied into %s/%s (%s)", name, namespace, secret, result);
            }
            return Optional.empty();
        } catch (KubernetesClientException e) {
            return Optional.of("not copied yet: " + status(e));
        } catch (VaultSecrets.MissingSecretException | WorkloadClients.UnreachableException e) {
            return Optional.of("not copied yet: " + e.getMessage());
        }
    }

    // helpers ------------------------------------------------------------------------------------

    private WorkloadCluster workloadCluster(ClusterReady ready) {
        return new WorkloadCluster(ready.clusterName().value(), ready.dnsName(), vip(ready),
                AppVaultScope.of(ready.pullRequest().repository(), config.vault().appsPath(), config.vault().appPolicyPrefix()).secretPath(),
                ready.options().installPostgres());
    }

    private static String vip(ClusterReady ready) {
        return ready.addresses().get(0).toString();
    }

    /** The cluster's name from the provisioner's annotations (they describe the owning run), else the ClusterReady. */
    private static String dnsName(Installation installation) {
        return installation.annotation("ephemeral.fullstack.pw/dns-name")
                .orElseGet(() -> installation.clusterReady().map(ClusterReady::dnsName).orElseThrow());
    }

    private static String vip(Installation installation) {
        return installation.annotation("ephemeral.fullstack.pw/addresses").map(a -> a.split(",")[0])
                .orElseGet(() -> installation.clusterReady().map(Installer::vip).orElseThrow());
    }

    private static PullRequestRef pullRequest(Installation installation) {
        Optional<String> repository = installation.annotation("ephemeral.fullstack.pw/repository");
        Optional<String> number = installation.annotation("ephemeral.fullstack.pw/pr-number");
        if (repository.isPresent() && number.isPresent()) {
            return new PullRequestRef(RepositoryRef.parse(repository.get()), Integer.parseInt(number.get()));
        }
        return installation.clusterReady().map(ClusterReady::pullRequest).orElseThrow();
    }

    private VaultSecretRef kubeconfigRef(String cluster) {
        return new VaultSecretRef(config.vault().mount(), config.vault().pathPrefix() + "/" + cluster + "/kubeconfig", "value");
    }

    private static List<InstalledComponent> readComponents(Installation installation) {
        return installation.annotation(InstallAnnotations.COMPONENTS).map(json -> {
            try {
                return EventJson.mapper().readValue(json, new TypeReference<List<InstalledComponent>>() { });
            } catch (JsonProcessingException e) {
                return List.<InstalledComponent>of();
            }
        }).orElse(List.of());
    }

    /** The API server answered and said no (invalid, forbidden, not found): retrying will not help. */
    private static boolean refused(KubernetesClientException e) {
        return e.getCode() >= 400 && e.getCode() < 500 && e.getCode() != 408 && e.getCode() != 429;
    }

    private static String status(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null) {
            return e.getCode() + " " + oneLine(e.getStatus().getMessage());
        }
        Throwable cause = e.getCause();
        return e.getCode() == 0 && cause != null ? cause.getClass().getSimpleName() + ": " + oneLine(String.valueOf(cause.getMessage()))
                : oneLine(String.valueOf(e.getMessage()));
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("[\\r\\n\\t]+", " ");
        return line.length() > 400 ? line.substring(0, 400) + "..." : line;
    }

    private static String json(Object value) {
        try {
            return EventJson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
