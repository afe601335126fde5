package pw.fullstack.ephemeral.testkit.kubernetes;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import pw.fullstack.ephemeral.testkit.schema.ApiServerAdmission;
import pw.fullstack.ephemeral.testkit.schema.UpstreamCrds;
import pw.fullstack.ephemeral.testkit.schema.admission.AdmissionWebhook;
import pw.fullstack.ephemeral.testkit.schema.admission.ProviderWebhooks;

/**
 * A Kubernetes API server stand-in: fabric8's mock server in CRUD mode (objects are stored and
 * served back, watches fire) on a random loopback port, with the API server's admission in front:
 * custom resources are checked against the schemas of the installed CRDs (strict field validation,
 * OpenAPI validations, CEL rules, defaulting) and the providers' mirrored validating webhooks, and a
 * refused write gets the API server's {@code Status} (400 for unknown fields, 422 {@code Invalid}
 * with causes). Resources that are neither built in nor served by an installed CRD answer 404. One
 * instance plays the "tools" cluster, others the ephemeral clusters; they share nothing.
 *
 * <p>{@link #start()} installs every upstream CRD ({@link UpstreamCrds}) and the providers' webhooks;
 * {@link #builder()} chooses. CRDs created through the API are installed too, as on a real cluster.
 * Every mutating request is recorded in {@link #journal()}.
 *
 * <p>Code under test should reach it through {@link #kubeconfig(String)}, exactly as it reaches a
 * real cluster. See the README for what the mock does not do (server-side apply, strategic merge
 * patch, set-based label selectors, mutating webhooks).
 */
public final class MockKubernetesCluster implements AutoCloseable {

    public static final String DEFAULT_NAMESPACE = "default";
    public static final String K3S_KUBELET_VERSION = "v1.30.6+k3s1";

    /**
     * One (thread-safe) serialization for every mock cluster's own client: each new one builds Jackson's deserializers
     * for every kind it reads again, which cost the simulated workload clusters' clients more CPU than their requests.
     */
    private static final io.fabric8.kubernetes.client.utils.KubernetesSerialization CLIENT_SERIALIZATION =
            new io.fabric8.kubernetes.client.utils.KubernetesSerialization();

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final RequestJournal journal;
    private final ApiRequestLog requests;
    private final ValidatingCrudDispatcher dispatcher;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private MockKubernetesCluster(KubernetesMockServer server, RequestJournal journal, ApiRequestLog requests,
                                  ValidatingCrudDispatcher dispatcher) {
        this.server = server;
        this.journal = journal;
        this.requests = requests;
        this.dispatcher = dispatcher;
        this.client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig("testkit")))
                .withKubernetesSerialization(CLIENT_SERIALIZATION).build();
    }

    /** A validating cluster with every upstream CRD installed and the providers' webhooks registered. */
    public static MockKubernetesCluster start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** What the cluster serves from the start. */
    public static final class Builder {
        private final List<CustomResourceDefinition> crds = new ArrayList<>();
        private final List<AdmissionWebhook> webhooks = new ArrayList<>(ProviderWebhooks.all());
        private boolean upstreamDefault = true;

        private Builder() {
        }

        /** Installs these upstream CRD sets (instead of all of them). */
        public Builder withCrds(UpstreamCrds... sets) {
            return withCrds(EnumSet.copyOf(List.of(sets)));
        }

        public Builder withCrds(Set<UpstreamCrds> sets) {
            return withCrdDefinitions(UpstreamCrds.definitionsOf(sets));
        }

        /** Installs these CRDs (instead of the upstream default); may be combined with {@link #withCrds}. */
        public Builder withCrdDefinitions(Collection<CustomResourceDefinition> definitions) {
            upstreamDefault = false;
            crds.addAll(definitions);
            return this;
        }

        /** No CRD at all: only built-in kinds are served until a test creates a CRD. */
        public Builder withoutCrds() {
            upstreamDefault = false;
            return this;
        }

        /** Replaces the mirrored provider webhooks (default {@link ProviderWebhooks#all()}). */
        public Builder withWebhooks(Collection<AdmissionWebhook> replacement) {
            webhooks.clear();
            webhooks.addAll(replacement);
            return this;
        }

        public MockKubernetesCluster start() {
            List<CustomResourceDefinition> installed = upstreamDefault ? UpstreamCrds.all() : crds;
            RequestJournal journal = new RequestJournal();
            ApiRequestLog requests = new ApiRequestLog();
            ValidatingCrudDispatcher dispatcher = new ValidatingCrudDispatcher(ApiServerAdmission.of(List.of(), webhooks), journal,
                    requests);
            KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                    dispatcher, false);
            dispatcher.bootstrap(installed);
            server.init(InetAddress.getLoopbackAddress(), 0);
            MockKubernetesCluster cluster = new MockKubernetesCluster(server, journal, requests, dispatcher);
            cluster.createBuiltInNamespaces();
            return cluster;
        }
    }

    /** The namespaces every API server makes for itself: code that uses {@code default} must find it, as on a real cluster. */
    public static final List<String> BUILT_IN_NAMESPACES = List.of("default", "kube-system", "kube-public", "kube-node-lease");

    private void createBuiltInNamespaces() {
        for (String name : BUILT_IN_NAMESPACES) {
            client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName(name)
                    .addToLabels("kubernetes.io/metadata.name", name).endMetadata().build()).create();
        }
    }

    /** Every create/update/patch/delete that reached this cluster since it started. */
    public RequestJournal journal() {
        return journal;
    }

    /**
     * Every request that reached this cluster (reads too), with the bearer token that made it: what a test checks
     * against a service account's RBAC rules ({@link pw.fullstack.ephemeral.testkit.rbac.RbacAuthorizer}).
     */
    public ApiRequestLog requests() {
        return requests;
    }

    /**
     * The watches this API server is serving now (the API server's {@code apiserver_longrunning_requests{verb="WATCH"}}),
     * each as the request that opened it: a watch counts from its upgrade until either side closes it.
     */
    public List<ApiRequest> openWatches() {
        return dispatcher.openWatches();
    }

    /** Creates the CRDs through the API, as {@code helm install} or {@code kubectl apply} would; they are served at once. */
    public void installCrds(Collection<CustomResourceDefinition> definitions) {
        for (CustomResourceDefinition crd : definitions) {
            client.apiextensions().v1().customResourceDefinitions().resource(crd).createOr(op -> op.update());
        }
    }

    /** A client with this cluster's kubeconfig, namespace {@value #DEFAULT_NAMESPACE}; closed with the cluster. */
    public KubernetesClient client() {
        return client;
    }

    /** The API server's base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.getPort();
    }

    /**
     * A kubeconfig for this cluster with one cluster, user and context named {@code contextName},
     * for {@code Config.fromKubeconfig(yaml)} or a Secret's {@code value} key like Cluster API's.
     */
    public String kubeconfig(String contextName) {
        return Kubeconfig.forServer(contextName, url(), DEFAULT_NAMESPACE, "testkit-token-" + server.getPort());
    }

    /** A node whose Ready condition is True: what a probe of a booted K3s cluster looks for. */
    public Node addReadyNode(String name) {
        Node node = new NodeBuilder()
                .withNewMetadata()
                    .withName(name)
                    .withLabels(Map.of("kubernetes.io/hostname", name, "node-role.kubernetes.io/control-plane", "true"))
                .endMetadata()
                .withNewStatus()
                    .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady").endCondition()
                    .withNewNodeInfo().withKubeletVersion(K3S_KUBELET_VERSION).endNodeInfo()
                .endStatus()
                .build();
        return client.nodes().resource(node).create();
    }

    /**
     * A fault: a deleted namespace stays Terminating at least this long (from its DELETE), even once
     * empty — as behind a slow controller or a finalizer of someone else's. Creating anything in it is
     * refused (403) meanwhile. {@link Duration#ZERO} (the default) lets it go as soon as it is empty.
     */
    public void holdNamespacesTerminating(java.time.Duration hold) {
        dispatcher.holdNamespacesTerminating(hold);
    }

    /**
     * A fault: for {@code window}, every request (reads, writes, watches) is answered with {@code status}
     * (500 or 503) and a {@code Status} body, as an API server whose etcd is away answers. In-process
     * parts of the mock (the namespace controller) go on.
     */
    public void failRequestsFor(java.time.Duration window, int status) {
        dispatcher.failRequests(window, status);
    }

    /** A fault: for {@code window}, every answer comes {@code delay} late (clients with shorter timeouts time out). */
    public void delayRequestsFor(java.time.Duration window, java.time.Duration delay) {
        dispatcher.delayRequests(window, delay);
    }

    /** Whether {@link #close()} was called: the API server no longer answers (connection refused). */
    public boolean isClosed() {
        return closed.get();
    }

    /** Stops the API server; idempotent. Clients of its kubeconfig get connection refused from then on. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            client.close();
            dispatcher.close();
            server.destroy();
        }
    }
}
