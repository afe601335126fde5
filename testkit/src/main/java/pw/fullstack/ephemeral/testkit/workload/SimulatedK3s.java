package pw.fullstack.ephemeral.testkit.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import pw.fullstack.ephemeral.testkit.kubernetes.MockKubernetesCluster;
import pw.fullstack.ephemeral.testkit.workload.WorkloadBehaviour.ChartOutcome;

/**
 * What runs inside one K3s workload cluster, as far as an installer can observe it through the API:
 *
 * <ul>
 *   <li><b>helm-controller</b> (K3s v1.30.6 bundles v0.16.5): a {@code helm.cattle.io/v1} HelmChart gets a
 *       Job {@code helm-install-<name>} in the HelmChart's namespace (label
 *       {@code helmcharts.helm.cattle.io/chart}, {@code backoffLimit} from the spec, default 1000, the
 *       failure policy in the pod's env) and status {@code jobName} + JobCreated; a changed spec replaces the
 *       Job, an unchanged re-apply does nothing. After the install delay the Job completes — or fails
 *       with BackoffLimitExceeded, or never finishes ({@link ChartOutcome});</li>
 *   <li><b>the chart</b> ({@link SimulatedChart}: only the pinned repository/chart/version exist; anything
 *       else fails the Job): its CRDs are created through the API (served at once by the mock) and marked
 *       Established (unless {@link WorkloadBehaviour#crdsEstablish()} is false), then its Deployments appear
 *       Available in the target namespace ({@code createNamespace} creates it);</li>
 *   <li><b>external-dns</b>, once its chart is installed: a {@link SimulatedExternalDns} with the flags the
 *       chart renders from the values it was installed with ({@code provider.name}, {@code sources},
 *       {@code domainFilters}, {@code txtOwnerId}, {@code registry}, {@code policy}, {@code namespaced},
 *       {@code labelFilter}, {@code annotationFilter}), syncing the cluster's DNSEndpoints into the shared
 *       {@link FakeDnsZone}.</li>
 * </ul>
 *
 * {@link #makeUnreachable()} stops the cluster's API server. Records stay in the zone after the
 * cluster is gone, as they would at Cloudflare or in Pi-hole.
 */
public final class SimulatedK3s implements AutoCloseable {

    public static final ResourceDefinitionContext HELM_CHARTS = context("helm.cattle.io", "v1", "HelmChart", "helmcharts");
    public static final ResourceDefinitionContext DNS_ENDPOINTS = SimulatedExternalDns.DNS_ENDPOINTS;
    public static final String CHART_LABEL = "helmcharts.helm.cattle.io/chart";

    private static final ObjectMapper YAML = new YAMLMapper();

    private final String clusterName;
    private final MockKubernetesCluster cluster;
    private final KubernetesClient client;
    private final FakeDnsZone zone;
    private final ScheduledExecutorService scheduler;
    private volatile WorkloadBehaviour behaviour;
    private final Map<String, String> appliedSpecs = new ConcurrentHashMap<>();
    private final Map<String, SimulatedExternalDns> externalDns = new ConcurrentHashMap<>();
    private final List<String> installed = new CopyOnWriteArrayList<>();
    private final Map<String, ChartMarks> marks = new ConcurrentHashMap<>();
    private SharedIndexInformer<GenericKubernetesResource> charts;
    private volatile boolean closed;

    SimulatedK3s(String clusterName, MockKubernetesCluster cluster, FakeDnsZone zone, WorkloadBehaviour behaviour,
                 ScheduledExecutorService scheduler) {
        this.clusterName = clusterName;
        this.cluster = cluster;
        this.client = cluster.client();
        this.zone = zone;
        this.behaviour = behaviour;
        this.scheduler = scheduler;
    }

    SimulatedK3s start() {
        charts = client.genericKubernetesResources(HELM_CHARTS).inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource chart) {
                observe(chart);
            }

            @Override
            public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
                observe(after);
            }

            @Override
            public void onDelete(GenericKubernetesResource chart, boolean unknownFinalState) {
                uninstall(chart);
            }
        }, 0);
        return this;
    }

    public String clusterName() {
        return clusterName;
    }

    public MockKubernetesCluster cluster() {
        return cluster;
    }

    /** Charts whose install completed, as {@code <namespace>/<HelmChart name>}, in order. */
    public List<String> installedCharts() {
        return List.copyOf(installed);
    }

    /** When each chart's install (by chart name) reached each stage; the latest install of a chart when it was replaced. */
    public Map<String, ChartMarks> chartMarks() {
        Map<String, ChartMarks> byChart = new java.util.TreeMap<>();
        marks.values().forEach(m -> byChart.put(m.chart(), m));
        return byChart;
    }

    /** Changes how charts installed from now on behave. */
    public void behaviour(WorkloadBehaviour behaviour) {
        this.behaviour = behaviour;
    }

    /** The API server stops answering (connection refused); nothing inside changes any more. */
    public void makeUnreachable() {
        close();
        cluster.close();
    }

    private void observe(GenericKubernetesResource chart) {
        if (closed || chart.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        String key = chart.getMetadata().getNamespace() + "/" + chart.getMetadata().getName();
        String spec = Serialization.asJson(chart.getAdditionalProperties().get("spec"));
        if (spec.equals(appliedSpecs.put(key, spec))) {
            return; // an unchanged re-apply: the controller's config hash is the same, no new Job
        }
        WorkloadBehaviour current = behaviour;
        String chartName = spec(chart).path("chart").asText();
        run(() -> startJob(chart, hash(spec)));
        marks.put(key, ChartMarks.started(chartName, Instant.now()));
        ChartTimings timings = current.timingsOf(chartName);
        if (timings.inOneStep()) {
            later(timings.available(), () -> finish(chart, spec, current, EnumSet.allOf(Stage.class)));
            return;
        }
        // Each stage schedules the next, so they happen in order whatever the scheduler's threads do.
        later(timings.crdsEstablished(), () -> {
            finish(chart, spec, current, EnumSet.of(Stage.CRDS));
            later(timings.installed().minus(timings.crdsEstablished()), () -> {
                finish(chart, spec, current, timings.available().equals(timings.installed())
                        ? EnumSet.of(Stage.JOB, Stage.AVAILABLE) : EnumSet.of(Stage.JOB));
                if (timings.available().compareTo(timings.installed()) > 0) {
                    later(timings.available().minus(timings.installed()), () -> finish(chart, spec, current,
                            EnumSet.of(Stage.AVAILABLE)));
                }
            });
        });
    }

    /** The stages of an install ({@link ChartTimings}): CRDs, the Job's end with the Deployments, the Deployments Available. */
    private enum Stage { CRDS, JOB, AVAILABLE }

    private void later(java.time.Duration delay, Runnable action) {
        if (closed) {
            return;
        }
        try {
            scheduler.schedule(() -> run(action), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
            // the simulation stops
        }
    }

    private void startJob(GenericKubernetesResource chart, String configHash) {
        String namespace = chart.getMetadata().getNamespace();
        String name = chart.getMetadata().getName();
        JsonNode spec = spec(chart);
        int backOffLimit = spec.path("backOffLimit").asInt(1000);
        String failurePolicy = spec.path("failurePolicy").asText("reinstall");
        client.batch().v1().jobs().inNamespace(namespace).withName("helm-install-" + name).delete();
        client.batch().v1().jobs().inNamespace(namespace).resource(new JobBuilder()
                .withNewMetadata().withName("helm-install-" + name).withNamespace(namespace)
                    .addToLabels(CHART_LABEL, name)
                    .addToAnnotations("helmcharts.helm.cattle.io/configHash", "SHA256=" + configHash)
                .endMetadata()
                .withNewSpec().withBackoffLimit(backOffLimit)
                    .withNewTemplate().withNewMetadata().addToLabels(CHART_LABEL, name).endMetadata()
                        .withNewSpec().withRestartPolicy("OnFailure").addNewContainer().withName("helm")
                            .withImage("rancher/klipper-helm:v0.9.3-build20241008")
                            .addNewEnv().withName("FAILURE_POLICY").withValue(failurePolicy).endEnv()
                            .addNewEnv().withName("CHART").withValue(spec.path("chart").asText()).endEnv()
                            .addNewEnv().withName("VERSION").withValue(spec.path("version").asText()).endEnv()
                        .endContainer().endSpec()
                    .endTemplate()
                .endSpec()
                .withNewStatus().withActive(1).withStartTime(Instant.now().toString()).endStatus()
                .build()).create();
        client.genericKubernetesResources(HELM_CHARTS).inNamespace(namespace).withName(name).editStatus(c -> {
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("jobName", "helm-install-" + name);
            status.put("conditions", List.of(
                    Map.of("type", "JobCreated", "status", "True", "reason", "Job created",
                            "message", "Applying HelmChart using Job " + namespace + "/helm-install-" + name),
                    Map.of("type", "Failed", "status", "False")));
            c.getAdditionalProperties().put("status", status);
            return c;
        });
    }

    private void finish(GenericKubernetesResource chart, String specJson, WorkloadBehaviour current, Set<Stage> stages) {
        String key = chart.getMetadata().getNamespace() + "/" + chart.getMetadata().getName();
        if (closed || !specJson.equals(appliedSpecs.get(key))) {
            return; // replaced by a newer spec, or the cluster is gone
        }
        JsonNode spec = spec(chart);
        String namespace = chart.getMetadata().getNamespace();
        String name = chart.getMetadata().getName();
        Optional<SimulatedChart> known = SimulatedChart.find(spec.path("repo").asText(), spec.path("chart").asText(),
                spec.path("version").asText());
        ChartOutcome outcome = known.isEmpty() ? ChartOutcome.FAIL : current.outcomeOf(spec.path("chart").asText());
        if (outcome == ChartOutcome.HANG) {
            return;
        }
        Optional<JsonNode> parsedValues = values(spec);
        if (outcome == ChartOutcome.FAIL || parsedValues.isEmpty()) {
            // helm cannot find the chart, or refuses values that are not YAML: every attempt fails the same way
            if (stages.contains(Stage.JOB)) {
                int attempts = spec.path("backOffLimit").asInt(1000) + 1;
                setJobStatus(namespace, name, Map.of("failed", attempts, "conditions", List.of(condition("Failed",
                        "BackoffLimitExceeded", "Job has reached the specified backoff limit"))));
            }
            return;
        }
        SimulatedChart simulated = known.get();
        JsonNode values = parsedValues.get();
        String target = spec.path("targetNamespace").asText(namespace);
        if (stages.contains(Stage.CRDS) && simulated.installsCrds().test(values)) {
            installCrds(simulated, current.crdsEstablish());
            marks.computeIfPresent(key, (k, m) -> m.withCrdsEstablished(Instant.now()));
        }
        boolean available = stages.contains(Stage.AVAILABLE);
        if (stages.contains(Stage.JOB)) {
            if (spec.path("createNamespace").asBoolean(false) && client.namespaces().withName(target).get() == null) {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(target).endMetadata().build())
                        .createOr(NonDeletingOperation::update);
            }
            for (String deployment : simulated.deploymentsOf(name)) {
                Deployment object = availableDeployment(target, deployment, name, simulated);
                if (!available) {
                    object.setStatus(starting());
                }
                client.apps().deployments().inNamespace(target).resource(object).createOr(NonDeletingOperation::update);
            }
            setJobStatus(namespace, name, Map.of("succeeded", 1, "completionTime", Instant.now().toString(),
                    "conditions", List.of(condition("Complete", null, null))));
            installed.add(key);
            marks.computeIfPresent(key, (k, m) -> m.withInstalled(Instant.now()));
        } else if (available) {
            for (String deployment : simulated.deploymentsOf(name)) {
                io.fabric8.kubernetes.api.model.apps.DeploymentStatus ready = availableDeployment(target, deployment, name,
                        simulated).getStatus();
                client.apps().deployments().inNamespace(target).withName(deployment).editStatus(d -> {
                    Deployment copy = Serialization.clone(d);
                    copy.setStatus(ready);
                    return copy;
                });
            }
        }
        if (available) {
            marks.computeIfPresent(key, (k, m) -> m.withAvailable(Instant.now()));
            if (simulated.chart().equals("external-dns")) {
                startExternalDns(name, target, values);
            }
        }
    }

    /** A Deployment whose pod is not ready yet (its image pulling, its webhook's certificate not yet served). */
    private static io.fabric8.kubernetes.api.model.apps.DeploymentStatus starting() {
        return new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder().withReplicas(1).withUnavailableReplicas(1)
                .withUpdatedReplicas(1).withObservedGeneration(1L)
                .addNewCondition().withType("Available").withStatus("False").withReason("MinimumReplicasUnavailable")
                    .withMessage("Deployment does not have minimum availability.").endCondition()
                .addNewCondition().withType("Progressing").withStatus("True").withReason("ReplicaSetUpdated").endCondition()
                .build();
    }

    private void installCrds(SimulatedChart chart, boolean establish) {
        List<CustomResourceDefinition> crds = new ArrayList<>();
        for (CustomResourceDefinition crd : chart.crds().definitions()) {
            CustomResourceDefinition copy = new CustomResourceDefinitionBuilder(crd).build();
            String now = Instant.now().toString();
            copy.setStatus(new io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionStatusBuilder()
                    .withAcceptedNames(crd.getSpec().getNames())
                    .withStoredVersions(crd.getSpec().getVersions().stream().filter(v -> Boolean.TRUE.equals(v.getStorage()))
                            .map(v -> v.getName()).toList())
                    .withConditions(
                            new CustomResourceDefinitionCondition(now, "no conflicts found", "NoConflicts", "True", "NamesAccepted"),
                            establish
                                    ? new CustomResourceDefinitionCondition(now, "the initial names have been accepted",
                                    "InitialNamesAccepted", "True", "Established")
                                    : new CustomResourceDefinitionCondition(now, "not all names are accepted", "Installing",
                                    "False", "Established"))
                    .build());
            crds.add(copy);
        }
        cluster.installCrds(crds);
    }

    private static Deployment availableDeployment(String namespace, String name, String release, SimulatedChart chart) {
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace)
                    .addToLabels("app.kubernetes.io/instance", release)
                    .addToLabels("app.kubernetes.io/name", chart.chart())
                    .addToLabels("app.kubernetes.io/managed-by", "Helm")
                    .addToLabels("helm.sh/chart", chart.chart() + "-" + chart.version().replaceFirst("^v", ""))
                .endMetadata()
                .withNewSpec().withReplicas(1)
                    .withNewSelector().addToMatchLabels("app.kubernetes.io/instance", release)
                        .addToMatchLabels("app.kubernetes.io/component", name).endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("app.kubernetes.io/instance", release)
                        .addToLabels("app.kubernetes.io/component", name).endMetadata()
                        .withNewSpec().addNewContainer().withName(chart.chart()).withImage(chart.chart() + ":" + chart.version())
                        .endContainer().endSpec()
                    .endTemplate()
                .endSpec()
                .withNewStatus().withReplicas(1).withReadyReplicas(1).withAvailableReplicas(1).withUpdatedReplicas(1)
                    .withObservedGeneration(1L)
                    .addNewCondition().withType("Available").withStatus("True").withReason("MinimumReplicasAvailable")
                        .withMessage("Deployment has minimum availability.").endCondition()
                    .addNewCondition().withType("Progressing").withStatus("True").withReason("NewReplicaSetAvailable")
                        .endCondition()
                .endStatus()
                .build();
    }

    private void setJobStatus(String namespace, String chartName, Map<String, Object> fields) {
        client.batch().v1().jobs().inNamespace(namespace).withName("helm-install-" + chartName).edit(job -> {
            Job updated = Serialization.clone(job);
            Map<String, Object> status = new LinkedHashMap<>(Serialization.jsonMapper().convertValue(
                    job.getStatus(), Map.class));
            status.remove("active");
            status.putAll(fields);
            updated.setStatus(Serialization.jsonMapper().convertValue(status,
                    io.fabric8.kubernetes.api.model.batch.v1.JobStatus.class));
            return updated;
        });
    }

    private static Map<String, Object> condition(String type, String reason, String message) {
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("type", type);
        condition.put("status", "True");
        if (reason != null) {
            condition.put("reason", reason);
            condition.put("message", message);
        }
        condition.put("lastTransitionTime", Instant.now().toString());
        return condition;
    }

    private void uninstall(GenericKubernetesResource chart) {
        String key = chart.getMetadata().getNamespace() + "/" + chart.getMetadata().getName();
        appliedSpecs.remove(key);
        installed.remove(key);
        marks.remove(key);
        stopExternalDns(chart.getMetadata().getName());
    }

    // external-dns ---------------------------------------------------------------------------------

    /** external-dns as its chart's values configure it, publishing while the behaviour says DNS publishes. */
    private void startExternalDns(String release, String releaseNamespace, JsonNode values) {
        SimulatedExternalDns.Settings settings = SimulatedExternalDns.Settings.fromChartValues(values, releaseNamespace);
        synchronized (this) {
            if (closed) {
                return;
            }
            stopExternalDns(release);
            externalDns.put(release, SimulatedExternalDns.start(client, zone, settings, () -> behaviour.dnsPublishes()));
        }
    }

    private synchronized void stopExternalDns(String release) {
        SimulatedExternalDns previous = externalDns.remove(release);
        if (previous != null) {
            previous.close();
        }
    }

    // helpers --------------------------------------------------------------------------------------

    private static JsonNode spec(GenericKubernetesResource resource) {
        Object spec = resource.getAdditionalProperties().get("spec");
        return spec == null ? MissingNode.getInstance() : Serialization.jsonMapper().valueToTree(spec);
    }

    private static Optional<JsonNode> values(JsonNode spec) {
        String content = spec.path("valuesContent").asText("");
        if (content.isBlank()) {
            return Optional.of(MissingNode.getInstance());
        }
        try {
            JsonNode values = YAML.readTree(content);
            return Optional.of(values == null ? MissingNode.getInstance() : values);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ResourceDefinitionContext context(String group, String version, String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind)
                .withPlural(plural).withNamespaced(true).build();
    }

    private void run(Runnable action) {
        if (closed) {
            return;
        }
        try {
            action.run();
        } catch (RuntimeException e) {
            if (!closed) {
                System.err.println("simulated K3s " + clusterName + ": " + e);
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (charts != null) {
            charts.close();
        }
        externalDns.values().forEach(SimulatedExternalDns::close);
        externalDns.clear();
    }
}
