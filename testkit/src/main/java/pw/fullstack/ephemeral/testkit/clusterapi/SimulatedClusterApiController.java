package pw.fullstack.ephemeral.testkit.clusterapi;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import pw.fullstack.ephemeral.testkit.kubernetes.MockKubernetesCluster;
import pw.fullstack.ephemeral.testkit.schema.UpstreamCrds;

/**
 * Plays Cluster API (core + K3s control plane + Proxmox provider) on a mock tools cluster. It
 * watches {@code Cluster} objects ({@code cluster.x-k8s.io/v1beta2}) and, per cluster:
 *
 * <ul>
 *   <li>adds the finalizer {@value #FINALIZER} at once, as the real controller does, so a delete
 *       request only marks the Cluster (fabric8's CRUD mock honours finalizers: it sets
 *       {@code deletionTimestamp} and keeps the object until the last finalizer is removed);</li>
 *   <li>{@link Behaviour#BECOME_READY}: after the ready delay starts a fresh
 *       {@link MockKubernetesCluster} (serving K3s's built-in CRDs, see {@link Builder#workloadCrds}) with a Ready node, writes its kubeconfig into the Secret
 *       {@code <cluster>-kubeconfig} (key {@code value}, like Cluster API) and sets the
 *       configured conditions True ({@code Available}, {@code ControlPlaneInitialized},
 *       {@code InfrastructureReady} by default) and {@code status.phase=Provisioned};</li>
 *   <li>{@link Behaviour#NEVER_READY}: after the ready delay sets {@code Available=False}, nothing else;</li>
 *   <li>{@link Behaviour#REPORT_FAILURE}: after the ready delay sets {@code status.phase=Failed},
 *       a failure reason/message (v1beta2's {@code status.deprecated.v1beta1}) and {@code Available=False};</li>
 *   <li>once the Cluster has a {@code deletionTimestamp}, removes the finalizer after the delete
 *       delay (per cluster: {@link #deleteDelay(String, Duration)}; "slow to delete"), which is when
 *       the Cluster really disappears. {@link #holdDeletion(String)} keeps it until released.</li>
 * </ul>
 *
 * Status is written through the status subresource and is valid for the upstream Cluster CRD (the
 * validating mock refuses anything else).
 */
public final class SimulatedClusterApiController implements AutoCloseable {

    public static final String FINALIZER = "cluster.cluster.x-k8s.io";
    public static final ResourceDefinitionContext CLUSTERS = new ResourceDefinitionContext.Builder()
            .withGroup("cluster.x-k8s.io").withVersion("v1beta2").withKind("Cluster").withPlural("clusters")
            .withNamespaced(true).build();

    public enum Behaviour { BECOME_READY, NEVER_READY, REPORT_FAILURE }

    private final KubernetesClient tools;
    private final Duration readyAfter;
    /** Of {@link #readyAfter}, the part after the VM booted: K3s starting (zero: no separate VM stage). */
    private final Duration k3sStart;
    /** The kernel name of the simulated VM's NIC, as a Proxmox VM with virtio networking has it. */
    public static final String NODE_NIC = "ens18";
    private static final com.fasterxml.jackson.dataformat.yaml.YAMLMapper YAML = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper();
    private static final io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext K3S_CONTROL_PLANES =
            new io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext.Builder().withGroup("controlplane.cluster.x-k8s.io")
                    .withVersion("v1beta2").withKind("KThreesControlPlane").withPlural("kthreescontrolplanes").withNamespaced(true)
                    .build();
    private static final io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext PROXMOX_CLUSTERS =
            new io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext.Builder().withGroup("infrastructure.cluster.x-k8s.io")
                    .withVersion("v1alpha1").withKind("ProxmoxCluster").withPlural("proxmoxclusters").withNamespaced(true).build();
    /** The finalizer CAPMOX's ProxmoxCluster controller puts on the credentials Secret it uses. */
    public static final String SECRET_FINALIZER = "proxmoxcluster.infrastructure.cluster.x-k8s.io/secret";
    /** CAPMOX's finalizer on the ProxmoxCluster itself: it lets the object go only after the Secret is released. */
    public static final String PROXMOX_CLUSTER_FINALIZER = "proxmoxcluster.infrastructure.cluster.x-k8s.io";
    /** Where a CAPMOX installation keeps its credentials (what a site creates when it installs the provider). */
    public static final String CREDENTIALS_NAMESPACE = "capmox-system";
    public static final String CREDENTIALS_SECRET = "proxmox-credentials";
    private final Duration deleteAfter;
    private final List<String> readyConditions;
    private final Behaviour defaultBehaviour;
    private final Set<UpstreamCrds> workloadCrds;
    private final WorkloadSimulation workloadSimulation;
    private final Map<String, AutoCloseable> simulations = new ConcurrentHashMap<>();
    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final Map<String, Duration> deleteDelays = new ConcurrentHashMap<>();
    private final Map<String, Boolean> held = new ConcurrentHashMap<>();
    private final Map<String, Boolean> seen = new ConcurrentHashMap<>();
    private final Map<String, Boolean> deleting = new ConcurrentHashMap<>();
    private final Map<String, Instant> deletionRequested = new ConcurrentHashMap<>();
    private final Map<String, MockKubernetesCluster> workloadClusters = new ConcurrentHashMap<>();
    private final Map<String, Instant> objectsSeen = new ConcurrentHashMap<>();
    private final Map<String, Instant> vmBooted = new ConcurrentHashMap<>();
    private final Map<String, Instant> k3sReady = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
        Thread thread = new Thread(r, "simulated-cluster-api");
        thread.setDaemon(true);
        return thread;
    });
    private SharedIndexInformer<GenericKubernetesResource> informer;

    private SimulatedClusterApiController(Builder builder) {
        this.tools = builder.tools;
        this.readyAfter = builder.readyAfter;
        this.k3sStart = builder.k3sStart;
        this.deleteAfter = builder.deleteAfter;
        this.readyConditions = List.copyOf(builder.readyConditions);
        this.defaultBehaviour = builder.behaviour;
        this.workloadCrds = builder.workloadCrds;
        this.workloadSimulation = builder.workloadSimulation;
    }

    public static Builder builder(KubernetesClient toolsCluster) {
        return new Builder(toolsCluster);
    }

    public static final class Builder {
        private final KubernetesClient tools;
        private Duration readyAfter = Duration.ofMillis(500);
        private Duration k3sStart = Duration.ZERO;
        private Duration deleteAfter = Duration.ofMillis(300);
        private List<String> readyConditions = List.of("InfrastructureReady", "ControlPlaneInitialized", "Available");
        private Behaviour behaviour = Behaviour.BECOME_READY;
        private Set<UpstreamCrds> workloadCrds = UpstreamCrds.k3sBuiltIn();
        private WorkloadSimulation workloadSimulation = WorkloadSimulation.NONE;

        private Builder(KubernetesClient tools) {
            this.tools = tools;
        }

        public Builder readyAfter(Duration delay) {
            this.readyAfter = delay;
            this.k3sStart = Duration.ZERO;
            return this;
        }

        /**
         * A boot in two stages, as a real one: the Proxmox VM is cloned and boots ({@code vmCloneAndBoot}), then K3s
         * starts until its API answers ({@code k3sStart}); the cluster is ready after both ({@link #readyAfter} is
         * their sum). Each stage's end is recorded ({@link #bootTimes}).
         */
        public Builder boot(Duration vmCloneAndBoot, Duration k3sStart) {
            this.readyAfter = vmCloneAndBoot.plus(k3sStart);
            this.k3sStart = k3sStart;
            return this;
        }

        public Builder deleteAfter(Duration delay) {
            this.deleteAfter = delay;
            return this;
        }

        /** Condition types set True when a cluster becomes ready, in this order. */
        public Builder readyConditions(List<String> types) {
            this.readyConditions = types;
            return this;
        }

        public Builder defaultBehaviour(Behaviour behaviour) {
            this.behaviour = behaviour;
            return this;
        }

        /**
         * CRDs the simulated workload clusters serve from the start; default what a fresh K3s serves
         * ({@link UpstreamCrds#k3sBuiltIn()}: helm-controller's). Operators' CRDs appear when they are
         * installed ({@link MockKubernetesCluster#installCrds}).
         */
        public Builder workloadCrds(Set<UpstreamCrds> crds) {
            this.workloadCrds = Set.copyOf(crds);
            return this;
        }

        /**
         * What runs inside each workload cluster (default: nothing), e.g. testkit's simulated K3s
         * helm-controller, operators and external-dns ({@code workload.SimulatedWorkloads}).
         */
        public Builder workloadSimulation(WorkloadSimulation simulation) {
            this.workloadSimulation = simulation;
            return this;
        }

        public SimulatedClusterApiController start() {
            SimulatedClusterApiController controller = new SimulatedClusterApiController(this);
            controller.installCredentials();
            controller.startWatching();
            return controller;
        }
    }

    /** How the named cluster behaves; set before its Cluster object appears. */
    public SimulatedClusterApiController behaviour(String clusterName, Behaviour behaviour) {
        behaviours.put(clusterName, behaviour);
        return this;
    }

    /** How long the named cluster takes to go away once deleted. */
    public SimulatedClusterApiController deleteDelay(String clusterName, Duration delay) {
        deleteDelays.put(clusterName, delay);
        return this;
    }

    /** The named cluster stays (being deleted) until {@link #releaseDeletion(String)}. */
    public SimulatedClusterApiController holdDeletion(String clusterName) {
        held.put(clusterName, true);
        return this;
    }

    public void releaseDeletion(String clusterName) {
        held.remove(clusterName);
        if (deleting.containsKey(clusterName)) {
            removeFinalizer(clusterName);
        }
    }

    /** When the provisioner asked for the Cluster's deletion, if it did. */
    public Optional<Instant> deletionRequestedAt(String clusterName) {
        return Optional.ofNullable(deletionRequested.get(clusterName));
    }

    /** The simulated workload cluster behind the named Cluster, once it became ready. */
    public Optional<MockKubernetesCluster> workloadCluster(String clusterName) {
        return Optional.ofNullable(workloadClusters.get(clusterName));
    }

    /** When the named cluster's boot reached each stage, once it is ready (a cluster that never became ready has none). */
    public Optional<BootTimes> bootTimes(String clusterName) {
        Instant seen = objectsSeen.get(clusterName);
        Instant ready = k3sReady.get(clusterName);
        if (seen == null || ready == null) {
            return Optional.empty();
        }
        return Optional.of(new BootTimes(seen, vmBooted.getOrDefault(clusterName, ready), ready));
    }

    /** The Secret a site creates when it installs CAPMOX ({@code capmox-system/proxmox-credentials}), if absent. */
    private void installCredentials() {
        if (tools.namespaces().withName(CREDENTIALS_NAMESPACE).get() == null) {
            tools.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                    .withName(CREDENTIALS_NAMESPACE).endMetadata().build()).createOr(NonDeletingOperation::update);
        }
        if (tools.secrets().inNamespace(CREDENTIALS_NAMESPACE).withName(CREDENTIALS_SECRET).get() == null) {
            tools.secrets().inNamespace(CREDENTIALS_NAMESPACE).resource(new SecretBuilder().withNewMetadata()
                    .withName(CREDENTIALS_SECRET).withNamespace(CREDENTIALS_NAMESPACE).endMetadata()
                    .addToStringData("url", "https://pve.example:8006/api2/json").addToStringData("token", "capmox@pve!capi")
                    .addToStringData("secret", "simulated-" + Long.toHexString(System.nanoTime())).build())
                    .createOr(NonDeletingOperation::update);
        }
    }

    /**
     * What CAPMOX's ProxmoxCluster controller does with {@code spec.credentialsRef} (namespace defaulting to
     * the ProxmoxCluster's): a Secret that does not exist stops the cluster ("credentials secret not
     * found"); one that does gets an ownerReference to the ProxmoxCluster and CAPMOX's finalizer. An owner
     * in another namespace is no owner to the garbage collector, which then deletes the Secret: it lives
     * on, marked, only until the last cluster using it lets go of it (see {@link #releaseCredentials}).
     * Empty when the credentials are fine, or when there is no ProxmoxCluster (a bare Cluster in a test).
     */
    private Optional<String> takeCredentials(String namespace) {
        for (GenericKubernetesResource proxmox : tools.genericKubernetesResources(PROXMOX_CLUSTERS).inNamespace(namespace)
                .list().getItems()) {
            String[] ref = credentialsRef(proxmox);
            if (ref == null) {
                continue;
            }
            io.fabric8.kubernetes.api.model.Secret secret = tools.secrets().inNamespace(ref[0]).withName(ref[1]).get();
            if (secret == null) {
                return Optional.of("credentials secret not found: " + ref[0] + "/" + ref[1]);
            }
            writeRetryingConflicts(() -> tools.genericKubernetesResources(PROXMOX_CLUSTERS).inNamespace(namespace)
                    .withName(proxmox.getMetadata().getName()).edit(x -> {
                        List<String> finalizers = new ArrayList<>(x.getMetadata().getFinalizers());
                        if (!finalizers.contains(PROXMOX_CLUSTER_FINALIZER)) {
                            finalizers.add(PROXMOX_CLUSTER_FINALIZER);
                        }
                        x.getMetadata().setFinalizers(finalizers);
                        return x;
                    }));
            writeRetryingConflicts(() -> tools.secrets().inNamespace(ref[0]).withName(ref[1]).edit(x -> {
                List<io.fabric8.kubernetes.api.model.OwnerReference> owners = new ArrayList<>(x.getMetadata().getOwnerReferences());
                if (owners.stream().noneMatch(o -> proxmox.getMetadata().getUid().equals(o.getUid()))) {
                    owners.add(new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
                            .withApiVersion(proxmox.getApiVersion()).withKind("ProxmoxCluster")
                            .withName(proxmox.getMetadata().getName()).withUid(proxmox.getMetadata().getUid()).build());
                }
                x.getMetadata().setOwnerReferences(owners);
                List<String> finalizers = new ArrayList<>(x.getMetadata().getFinalizers());
                if (!finalizers.contains(SECRET_FINALIZER)) {
                    finalizers.add(SECRET_FINALIZER);
                }
                x.getMetadata().setFinalizers(finalizers);
                return x;
            }));
        }
        return Optional.empty();
    }

    /**
     * The cluster goes: each ProxmoxCluster of the namespace lets go of its Secret (its ownerReference leaves,
     * and CAPMOX's finalizer with the last one), then of itself (its own finalizer), as CAPMOX's delete does.
     */
    private void releaseCredentials(String namespace) {
        for (GenericKubernetesResource proxmox : tools.genericKubernetesResources(PROXMOX_CLUSTERS).inNamespace(namespace)
                .list().getItems()) {
            String[] ref = credentialsRef(proxmox);
            if (ref != null && tools.secrets().inNamespace(ref[0]).withName(ref[1]).get() != null) {
                writeRetryingConflicts(() -> tools.secrets().inNamespace(ref[0]).withName(ref[1]).edit(x -> {
                    List<io.fabric8.kubernetes.api.model.OwnerReference> owners = new ArrayList<>(x.getMetadata().getOwnerReferences());
                    owners.removeIf(o -> proxmox.getMetadata().getUid().equals(o.getUid()));
                    x.getMetadata().setOwnerReferences(owners);
                    if (owners.stream().noneMatch(o -> "ProxmoxCluster".equals(o.getKind()))) {
                        List<String> finalizers = new ArrayList<>(x.getMetadata().getFinalizers());
                        finalizers.remove(SECRET_FINALIZER);
                        x.getMetadata().setFinalizers(finalizers);
                    }
                    return x;
                }));
            }
            if (proxmox.getMetadata().getFinalizers().contains(PROXMOX_CLUSTER_FINALIZER)) {
                writeRetryingConflicts(() -> tools.genericKubernetesResources(PROXMOX_CLUSTERS).inNamespace(namespace)
                        .withName(proxmox.getMetadata().getName()).edit(x -> {
                            List<String> finalizers = new ArrayList<>(x.getMetadata().getFinalizers());
                            finalizers.remove(PROXMOX_CLUSTER_FINALIZER);
                            x.getMetadata().setFinalizers(finalizers);
                            return x;
                        }));
            }
        }
    }

    /** {@code [namespace, name]} of the ProxmoxCluster's credentials Secret, or null when it names none. */
    private static String[] credentialsRef(GenericKubernetesResource proxmox) {
        if (proxmox.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec
                && spec.get("credentialsRef") instanceof Map<?, ?> ref && ref.get("name") instanceof String name) {
            String namespace = ref.get("namespace") instanceof String ns && !ns.isBlank() ? ns
                    : proxmox.getMetadata().getNamespace();
            return new String[] {namespace, name};
        }
        return null;
    }

    private void startWatching() {
        informer = tools.genericKubernetesResources(CLUSTERS).inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource cluster) {
                observe(cluster);
            }

            @Override
            public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
                observe(after);
            }

            @Override
            public void onDelete(GenericKubernetesResource cluster, boolean unknownFinalState) {
                String name = cluster.getMetadata().getName();
                seen.remove(cluster.getMetadata().getNamespace() + "/" + name);
                deleting.remove(name);
                objectsSeen.remove(name);
                vmBooted.remove(name);
                k3sReady.remove(name);
                stopWorkload(name);
            }
        }, 0);
    }

    private void observe(GenericKubernetesResource cluster) {
        String name = cluster.getMetadata().getName();
        String namespace = cluster.getMetadata().getNamespace();
        if (cluster.getMetadata().getDeletionTimestamp() != null) {
            if (deleting.putIfAbsent(name, true) == null) {
                deletionRequested.put(name, Instant.now());
                long delay = deleteDelays.getOrDefault(name, deleteAfter).toMillis();
                scheduler.schedule(() -> {
                    if (!held.containsKey(name)) {
                        requeueing(() -> removeFinalizerOrThrow(name));
                    }
                }, delay, TimeUnit.MILLISECONDS);
            }
            return;
        }
        if (seen.putIfAbsent(namespace + "/" + name, true) != null) {
            return;
        }
        requeueing(() -> writeRetryingConflicts(() -> tools.genericKubernetesResources(CLUSTERS).inNamespace(namespace).withName(name).edit(c -> {
            List<String> finalizers = new ArrayList<>(c.getMetadata().getFinalizers() == null ? List.of() : c.getMetadata().getFinalizers());
            if (!finalizers.contains(FINALIZER)) {
                finalizers.add(FINALIZER);
            }
            c.getMetadata().setFinalizers(finalizers);
            return c;
        })));
        Behaviour behaviour = behaviours.getOrDefault(name, defaultBehaviour);
        objectsSeen.put(name, Instant.now());
        if (!k3sStart.isZero()) {
            scheduler.schedule(() -> vmBooted.put(name, Instant.now()), readyAfter.minus(k3sStart).toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        scheduler.schedule(() -> requeueing(() -> progress(namespace, name, behaviour)), readyAfter.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void progress(String namespace, String name, Behaviour behaviour) {
        GenericKubernetesResource current = tools.genericKubernetesResources(CLUSTERS).inNamespace(namespace).withName(name).get();
        if (current == null || current.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        Map<String, Object> status = new LinkedHashMap<>();
        List<Map<String, Object>> conditions = new ArrayList<>();
        String now = Instant.now().toString();
        Optional<String> unreachableVip = behaviour == Behaviour.BECOME_READY
                ? takeCredentials(namespace).or(() -> kubeVipMismatch(namespace)) : Optional.empty();
        if (unreachableVip.isPresent()) {
            behaviour = Behaviour.NEVER_READY;
        }
        switch (behaviour) {
            case BECOME_READY -> {
                // Requeued after a failed write further down: the cluster booted already, keep it.
                MockKubernetesCluster workload = workloadClusters.get(name);
                if (workload == null) {
                    workload = MockKubernetesCluster.builder().withCrds(workloadCrds).start();
                    workload.addReadyNode(name + "-control-plane-" + Integer.toHexString(name.hashCode() & 0xfffff));
                    workloadClusters.put(name, workload);
                    simulations.put(name, workloadSimulation.attach(name, workload));
                }
                k3sReady.putIfAbsent(name, Instant.now());
                String kubeconfig = workload.kubeconfig(name);
                tools.secrets().inNamespace(namespace).resource(new SecretBuilder()
                        .withNewMetadata().withName(name + "-kubeconfig").withNamespace(namespace)
                        .addToLabels("cluster.x-k8s.io/cluster-name", name).endMetadata()
                        .withType("cluster.x-k8s.io/secret")
                        .addToData("value", Base64.getEncoder().encodeToString(kubeconfig.getBytes(StandardCharsets.UTF_8)))
                        .build()).createOr(NonDeletingOperation::update);
                for (String type : readyConditions) {
                    conditions.add(condition(type, "True", "Ready", "", now));
                }
                status.put("phase", "Provisioned");
                status.put("initialization", Map.of("infrastructureProvisioned", true, "controlPlaneInitialized", true));
            }
            case NEVER_READY -> {
                conditions.add(condition("Available", "False", "WaitingForControlPlane",
                        unreachableVip.orElse("control plane not yet initialized"), now));
                status.put("phase", "Provisioning");
            }
            case REPORT_FAILURE -> {
                conditions.add(condition("Available", "False", "ProvisioningFailed", "VM clone failed", now));
                status.put("phase", "Failed");
                status.put("deprecated", Map.of("v1beta1", Map.of(
                        "failureReason", "CreateError",
                        "failureMessage", "proxmox: clone of template 100 failed: storage locked")));
            }
        }
        status.put("conditions", conditions);
        // Through the status subresource, as Cluster API's controllers write it: the Cluster CRD has one,
        // so the API server ignores status in writes of the resource itself.
        writeRetryingConflicts(() -> tools.genericKubernetesResources(CLUSTERS).inNamespace(namespace).withName(name)
                .editStatus(c -> {
                    c.getAdditionalProperties().put("status", status);
                    return c;
                }));
    }

    /**
     * The simulated VM's only NIC has the kernel name {@value #NODE_NIC} (CAPMOX's {@code eth0} is a netplan
     * label, {@code match: macaddress} without {@code set-name}). kube-vip, told to announce the VIP on another
     * interface, finds none: the control-plane endpoint never answers and the cluster never becomes
     * Available. Read from the kube-vip manifest the KThreesControlPlane writes onto the node; nothing to
     * say when there is none (no kube-vip in this template).
     */
    private Optional<String> kubeVipMismatch(String namespace) {
        try {
            for (GenericKubernetesResource controlPlane : tools.genericKubernetesResources(K3S_CONTROL_PLANES)
                    .inNamespace(namespace).list().getItems()) {
                if (!(controlPlane.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec)
                        || !(spec.get("kthreesConfigSpec") instanceof Map<?, ?> config)
                        || !(config.get("files") instanceof List<?> files)) {
                    continue;
                }
                for (Object file : files) {
                    if (file instanceof Map<?, ?> f && f.get("content") instanceof String content && content.contains("kube-vip")) {
                        for (com.fasterxml.jackson.databind.JsonNode manifest : YAML.readerFor(
                                com.fasterxml.jackson.databind.JsonNode.class).<com.fasterxml.jackson.databind.JsonNode>readValues(content)
                                .readAll()) {
                            for (com.fasterxml.jackson.databind.JsonNode env : manifest.at("/spec/template/spec/containers/0/env")) {
                                String value = env.path("value").asText("");
                                if (env.path("name").asText().equals("vip_interface") && !value.isEmpty() && !value.equals(NODE_NIC)) {
                                    return Optional.of("the control-plane endpoint does not answer: kube-vip announces the VIP on "
                                            + value + ", but the node's only interface is " + NODE_NIC);
                                }
                            }
                        }
                    }
                }
            }
        } catch (java.io.IOException e) {
            return Optional.of("kube-vip's manifest is not YAML: " + e.getMessage());
        }
        return Optional.empty();
    }

    private void stopWorkload(String name) {
        AutoCloseable simulation = simulations.remove(name);
        if (simulation != null) {
            run(() -> {
                try {
                    simulation.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        MockKubernetesCluster workload = workloadClusters.remove(name);
        if (workload != null) {
            workload.close();
        }
    }

    private static Map<String, Object> condition(String type, String status, String reason, String message, String time) {
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("type", type);
        condition.put("status", status);
        condition.put("reason", reason);
        condition.put("message", message);
        condition.put("lastTransitionTime", time);
        return condition;
    }

    private void removeFinalizer(String name) {
        run(() -> removeFinalizerOrThrow(name));
    }

    /**
     * Runs a step of the controller; a failure (the API server answering 5xx, a timeout) is tried again
     * a little later, as a real controller's work queue requeues with back-off, for about two minutes.
     */
    private void requeueing(Runnable step) {
        requeueing(step, 1);
    }

    private void requeueing(Runnable step, int attempt) {
        try {
            step.run();
        } catch (RuntimeException e) {
            if (attempt >= 240 || scheduler.isShutdown()) {
                System.err.println("simulated Cluster API controller gives up after " + attempt + " attempts: " + e);
                return;
            }
            try {
                scheduler.schedule(() -> requeueing(step, attempt + 1), 500, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                // closed meanwhile
            }
        }
    }

    private void removeFinalizerOrThrow(String name) {
        tools.genericKubernetesResources(CLUSTERS).inAnyNamespace().list().getItems().stream()
                .filter(c -> c.getMetadata().getName().equals(name))
                .forEach(c -> releaseCredentials(c.getMetadata().getNamespace()));
        tools.genericKubernetesResources(CLUSTERS).inAnyNamespace().list().getItems().stream()
                .filter(c -> c.getMetadata().getName().equals(name))
                .forEach(c -> writeRetryingConflicts(() -> tools.genericKubernetesResources(CLUSTERS)
                        .inNamespace(c.getMetadata().getNamespace()).withName(name).edit(x -> {
                            List<String> finalizers = new ArrayList<>(x.getMetadata().getFinalizers() == null
                                    ? List.of() : x.getMetadata().getFinalizers());
                            finalizers.remove(FINALIZER);
                            x.getMetadata().setFinalizers(finalizers);
                            return x;
                        })));
    }

    private static void run(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            System.err.println("simulated Cluster API controller: " + e);
        }
    }

    /**
     * One write of the Cluster, again on 409 Conflict (someone else, e.g. the provisioner annotating
     * it, changed it since it was read), as a real controller's next reconcile would.
     */
    private static void writeRetryingConflicts(Runnable write) {
        for (int attempt = 1; ; attempt++) {
            try {
                write.run();
                return;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= 20) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void close() {
        if (informer != null) {
            informer.close();
        }
        scheduler.shutdownNow();
        List.copyOf(workloadClusters.keySet()).forEach(this::stopWorkload);
    }
}
