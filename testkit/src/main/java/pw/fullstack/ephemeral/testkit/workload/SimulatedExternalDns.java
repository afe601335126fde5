package pw.fullstack.ephemeral.testkit.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * One external-dns instance (v0.20) with the {@code crd} source, as far as DNS can observe it: it reads the
 * {@code externaldns.k8s.io/v1alpha1} DNSEndpoints of one cluster and syncs their A records into the
 * shared {@link FakeDnsZone}, into the records of its provider, with the flags it was started with:
 *
 * <ul>
 *   <li>{@code --source=crd} must be among the sources, or DNSEndpoints are never read;</li>
 *   <li>{@code --namespace} (the chart's {@code namespaced: true}: the release's namespace) limits which
 *       DNSEndpoints it reads, as do {@code --label-filter} (a label selector) and {@code --annotation-filter}
 *       (a selector over annotations);</li>
 *   <li>{@code --domain-filter} limits the names it publishes and may delete;</li>
 *   <li>the TXT registry's {@code --txt-owner-id} (default {@code default}) marks what it owns;
 *       {@code --registry=noop} owns everything in its filter;</li>
 *   <li>{@code --policy=sync} deletes what it owns and no DNSEndpoint it reads wants any more;
 *       {@code upsert-only} (the default) and {@code create-only} never delete.</li>
 * </ul>
 *
 * It syncs on every change of a DNSEndpoint it reads (as with {@code --events}). Used for the external-dns a
 * simulated K3s cluster installs from its chart ({@link Settings#fromChartValues}) and for the platform's own
 * instance on the tools cluster ({@link #start}).
 */
public final class SimulatedExternalDns implements AutoCloseable {

    public static final ResourceDefinitionContext DNS_ENDPOINTS = new ResourceDefinitionContext.Builder()
            .withGroup("externaldns.k8s.io").withVersion("v1alpha1").withKind("DNSEndpoint").withPlural("dnsendpoints")
            .withNamespaced(true).build();

    /**
     * The flags of one instance.
     *
     * @param provider         the zone's provider name whose records it writes ({@code cloudflare}, {@code pihole})
     * @param sources          {@code --source}s; only {@code crd} is simulated
     * @param domainFilters    {@code --domain-filter}s: a name matches when it is one of them or under one; none: every name
     * @param txtOwnerId       {@code --txt-owner-id}
     * @param registry         {@code txt} or {@code noop}
     * @param policy           {@code sync}, {@code upsert-only} or {@code create-only}
     * @param namespace        {@code --namespace}: the only namespace read; empty: all
     * @param labelFilter      {@code --label-filter}, a label selector; empty: everything
     * @param annotationFilter {@code --annotation-filter}, a selector over annotations; empty: everything
     * @param interval         {@code --interval} without {@code --events}: a change is published at the next sync,
     *                         one every interval from the start (external-dns' default is 1m); zero: at once, on every
     *                         change (as with {@code --events}), the simulation's default
     */
    public record Settings(String provider, List<String> sources, List<String> domainFilters, String txtOwnerId,
                           String registry, String policy, Optional<String> namespace, String labelFilter,
                           String annotationFilter, java.time.Duration interval) {

        public Settings {
            sources = List.copyOf(sources);
            domainFilters = domainFilters.stream().map(FakeDnsZone::normalise).toList();
            txtOwnerId = txtOwnerId == null || txtOwnerId.isEmpty() ? "default" : txtOwnerId;
            labelFilter = labelFilter == null ? "" : labelFilter;
            annotationFilter = annotationFilter == null ? "" : annotationFilter;
            LabelSelector.parse(labelFilter);
            LabelSelector.parse(annotationFilter);
            interval = interval == null ? java.time.Duration.ZERO : interval;
        }

        public Settings(String provider, List<String> sources, List<String> domainFilters, String txtOwnerId, String registry,
                        String policy, Optional<String> namespace, String labelFilter, String annotationFilter) {
            this(provider, sources, domainFilters, txtOwnerId, registry, policy, namespace, labelFilter, annotationFilter,
                    java.time.Duration.ZERO);
        }

        /** Syncs every {@code every} instead of on every change. */
        public Settings withInterval(java.time.Duration every) {
            return new Settings(provider, sources, domainFilters, txtOwnerId, registry, policy, namespace, labelFilter,
                    annotationFilter, every);
        }

        /** {@code --source=crd --registry=txt --policy=sync} with this owner id and domain filter, every namespace. */
        public static Settings crdSync(String provider, String txtOwnerId, String domainFilter) {
            return new Settings(provider, List.of("crd"), List.of(domainFilter), txtOwnerId, "txt", "sync", Optional.empty(),
                    "", "");
        }

        public Settings withLabelFilter(String selector) {
            return new Settings(provider, sources, domainFilters, txtOwnerId, registry, policy, namespace, selector,
                    annotationFilter, interval);
        }

        public Settings withAnnotationFilter(String selector) {
            return new Settings(provider, sources, domainFilters, txtOwnerId, registry, policy, namespace, labelFilter,
                    selector, interval);
        }

        public Settings withNamespace(String only) {
            return new Settings(provider, sources, domainFilters, txtOwnerId, registry, policy, Optional.of(only),
                    labelFilter, annotationFilter, interval);
        }

        public Settings withRegistry(String kind) {
            return new Settings(provider, sources, domainFilters, txtOwnerId, kind, policy, namespace, labelFilter,
                    annotationFilter, interval);
        }

        /**
         * The flags chart 1.20.0 renders from its values: {@code provider} (or {@code provider.name}), {@code sources},
         * {@code policy} (default upsert-only), {@code registry} (txt), {@code txtOwnerId}, {@code domainFilters},
         * {@code namespaced} ({@code --namespace=<release namespace>}), {@code labelFilter}, {@code annotationFilter}.
         */
        public static Settings fromChartValues(JsonNode values, String releaseNamespace) {
            List<String> sources = new ArrayList<>();
            values.path("sources").forEach(s -> sources.add(s.asText()));
            List<String> filters = new ArrayList<>();
            values.path("domainFilters").forEach(f -> filters.add(f.asText()));
            JsonNode provider = values.path("provider");
            String providerName = provider.isTextual() ? provider.asText() : provider.path("name").asText("aws");
            return new Settings(providerName, sources, filters, values.path("txtOwnerId").asText(""),
                    values.path("registry").asText("txt"), values.path("policy").asText("upsert-only"),
                    values.path("namespaced").asBoolean(false) ? Optional.of(releaseNamespace) : Optional.empty(),
                    values.path("labelFilter").asText(""), values.path("annotationFilter").asText(""));
        }

        boolean crdSource() {
            return sources.contains("crd");
        }

        boolean ownsEverything() {
            return "noop".equals(registry);
        }

        boolean matches(String name) {
            String n = FakeDnsZone.normalise(name);
            return domainFilters.isEmpty() || domainFilters.stream().anyMatch(f -> n.equals(f) || n.endsWith("." + f));
        }

        boolean owns(FakeDnsZone.Record record) {
            return ownsEverything() || record.owner().equals(txtOwnerId);
        }

    }

    private final KubernetesClient client;
    private final FakeDnsZone zone;
    private final Settings settings;
    private final BooleanSupplier publishing;
    private final LabelSelector labels;
    private final LabelSelector annotations;
    private final java.util.Set<String> withheld = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private SharedIndexInformer<GenericKubernetesResource> endpoints;
    private java.util.concurrent.ScheduledExecutorService syncLoop;
    private volatile boolean closed;

    private SimulatedExternalDns(KubernetesClient client, FakeDnsZone zone, Settings settings, BooleanSupplier publishing) {
        this.client = client;
        this.zone = zone;
        this.settings = settings;
        this.publishing = publishing;
        this.labels = LabelSelector.parse(settings.labelFilter());
        this.annotations = LabelSelector.parse(settings.annotationFilter());
    }

    /** Starts the instance against the cluster of {@code client}, whose DNSEndpoint CRD must be installed. */
    public static SimulatedExternalDns start(KubernetesClient client, FakeDnsZone zone, Settings settings) {
        return start(client, zone, settings, () -> true);
    }

    /** @param publishing while false, nothing reaches the zone (a provider that never takes the change) */
    static SimulatedExternalDns start(KubernetesClient client, FakeDnsZone zone, Settings settings, BooleanSupplier publishing) {
        SimulatedExternalDns instance = new SimulatedExternalDns(client, zone, settings, publishing);
        if (settings.crdSource()) {
            instance.watch();
        }
        return instance;
    }

    public Settings settings() {
        return settings;
    }

    /** A fault: the provider never takes this name (and the names under it): it is never published, as if it never resolved. */
    public void withhold(String name) {
        withheld.add(FakeDnsZone.normalise(name));
    }

    private boolean isWithheld(String name) {
        return withheld.stream().anyMatch(w -> name.equals(w) || name.endsWith("." + w));
    }

    private void watch() {
        var resources = client.genericKubernetesResources(DNS_ENDPOINTS);
        endpoints = (settings.namespace().isPresent() ? resources.inNamespace(settings.namespace().get())
                : resources.inAnyNamespace()).inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(GenericKubernetesResource endpoint) {
                        syncOnChange();
                    }

                    @Override
                    public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
                        syncOnChange();
                    }

                    @Override
                    public void onDelete(GenericKubernetesResource endpoint, boolean unknownFinalState) {
                        syncOnChange();
                    }
                }, 0);
        sync();
        if (!settings.interval().isZero()) {
            // external-dns' loop: a sync every interval, on a thread of its own, never blocking the API server's.
            syncLoop = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "simulated-external-dns-" + settings.provider());
                thread.setDaemon(true);
                return thread;
            });
            long every = settings.interval().toMillis();
            syncLoop.scheduleWithFixedDelay(() -> {
                try {
                    sync();
                } catch (RuntimeException e) {
                    System.err.println("simulated external-dns " + settings.provider() + ": " + e);
                }
            }, every, every, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    private void syncOnChange() {
        if (settings.interval().isZero()) {
            sync();
        }
    }

    /** One reconcile loop: what the DNSEndpoints it reads want, published; with policy sync, what they no longer want, removed. */
    public synchronized void sync() {
        if (closed || endpoints == null || !publishing.getAsBoolean()) {
            return;
        }
        Map<String, List<String>> desired = new LinkedHashMap<>();
        Map<String, Long> ttls = new LinkedHashMap<>();
        for (GenericKubernetesResource endpoint : endpoints.getStore().list()) {
            if (endpoint.getMetadata().getDeletionTimestamp() != null || !reads(endpoint)) {
                continue;
            }
            for (JsonNode e : spec(endpoint).path("endpoints")) {
                if (!"A".equals(e.path("recordType").asText("A"))) {
                    continue;
                }
                List<String> targets = new ArrayList<>();
                e.path("targets").forEach(t -> targets.add(t.asText()));
                String name = FakeDnsZone.normalise(e.path("dnsName").asText());
                desired.put(name, targets);
                ttls.put(name, e.path("recordTTL").asLong(300));
            }
        }
        desired.forEach((name, targets) -> {
            if (settings.matches(name) && !isWithheld(name)) {
                Optional<FakeDnsZone.Record> existing = zone.lookup(settings.provider(), name);
                if (existing.isEmpty() || settings.owns(existing.get())) {
                    // without a registry nothing records an owner: a record keeps the one it had
                    String owner = settings.ownsEverything() ? existing.map(FakeDnsZone.Record::owner)
                            .orElse(settings.txtOwnerId()) : settings.txtOwnerId();
                    zone.remove(settings.provider(), name, existing.map(FakeDnsZone.Record::owner).orElse(owner));
                    zone.publish(settings.provider(), name, targets, owner, ttls.get(name));
                }
            }
        });
        if (settings.policy().equals("sync")) {
            for (FakeDnsZone.Record record : zone.recordsOf(settings.provider())) {
                if (settings.matches(record.name()) && settings.owns(record) && !desired.containsKey(record.name())) {
                    zone.remove(settings.provider(), record.name(), record.owner());
                }
            }
        }
    }

    private boolean reads(GenericKubernetesResource endpoint) {
        return settings.namespace().map(n -> n.equals(endpoint.getMetadata().getNamespace())).orElse(true)
                && labels.test(endpoint.getMetadata().getLabels()) && annotations.test(endpoint.getMetadata().getAnnotations());
    }

    private static JsonNode spec(GenericKubernetesResource resource) {
        Object spec = resource.getAdditionalProperties().get("spec");
        return spec == null ? MissingNode.getInstance() : Serialization.jsonMapper().valueToTree(spec);
    }

    /** Stops reading; what it published stays in the zone, as it would at the provider. */
    @Override
    public synchronized void close() {
        closed = true;
        if (syncLoop != null) {
            syncLoop.shutdownNow();
        }
        if (endpoints != null) {
            endpoints.close();
        }
    }
}
