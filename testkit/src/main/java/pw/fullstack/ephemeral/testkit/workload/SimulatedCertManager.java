package pw.fullstack.ephemeral.testkit.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import pw.fullstack.ephemeral.testkit.schema.GoDurations;

/**
 * cert-manager (v1.18) on one cluster, as far as its API objects show it: a {@code cert-manager.io/v1}
 * Certificate whose {@code issuerRef} names an existing ClusterIssuer gets a {@code kubernetes.io/tls} Secret
 * ({@code spec.secretName}, same namespace) with a real X.509 certificate for its {@code dnsNames} (wildcards
 * included) and a new private key ({@code spec.privateKey}: RSA 2048 by default or ECDSA, PKCS#1 or PKCS#8),
 * {@code spec.secretTemplate}'s labels and annotations, the annotations cert-manager puts on it ({@code cert-manager.io/alt-names}, {@code issuer-name}, ...), and
 * status {@code Ready}, {@code notBefore}, {@code notAfter}, {@code renewalTime}, {@code revision}. An ACME
 * issuer's Secret has {@code tls.crt} (the leaf, then the issuing CA) and {@code tls.key} and no {@code ca.crt};
 * other issuer kinds add {@code ca.crt}. A Secret whose names or issuer no longer match the Certificate, or
 * that was deleted, is issued again; deleting the Certificate leaves its Secret (cert-manager's default).
 *
 * <p>Fails where cert-manager fails: with no such ClusterIssuer the Certificate stays {@code Ready=False}
 * (reason {@code DoesNotExist}) until the issuer appears; {@link #refuseIssuance(String)} makes the ACME server
 * refuse every order (Let's Encrypt's rate limits), {@code Issuing=False} reason {@code Failed},
 * {@code failedIssuanceAttempts} counting. {@link #renew(String, String)} is the test's knob for a renewal
 * (what happens at {@code renewalTime}: new key, new serial, {@code revision + 1}). ClusterIssuers are
 * marked Ready as an ACME account registration would.
 */
public final class SimulatedCertManager implements AutoCloseable {

    public static final ResourceDefinitionContext CERTIFICATES = context("Certificate", "certificates", true);
    public static final ResourceDefinitionContext CLUSTER_ISSUERS = context("ClusterIssuer", "clusterissuers", false);
    /** What cert-manager v1.18 defaults {@code spec.duration} to: 90 days. */
    static final Duration DEFAULT_DURATION = Duration.ofDays(90);

    private final KubernetesClient client;
    private final SimulatedCa ca = new SimulatedCa("(STAGING) Simulated ACME Intermediate");
    private final java.util.concurrent.ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "simulated-cert-manager");
        thread.setDaemon(true);
        return thread;
    });
    private SharedIndexInformer<GenericKubernetesResource> certificates;
    private SharedIndexInformer<GenericKubernetesResource> issuers;
    private SharedIndexInformer<Secret> secrets;
    private volatile Optional<String> refusal = Optional.empty();
    private volatile boolean closed;

    private final Duration issuanceTime;
    private final Map<String, java.time.Instant> firstIssued = new java.util.concurrent.ConcurrentHashMap<>();
    /** When the order of each Certificate waiting for its first issuance began. */
    private final Map<String, java.time.Instant> orders = new java.util.concurrent.ConcurrentHashMap<>();

    private SimulatedCertManager(KubernetesClient client, Duration issuanceTime) {
        this.client = client;
        this.issuanceTime = issuanceTime;
    }

    /** Starts on the cluster of {@code client}, whose cert-manager CRDs must be installed. */
    public static SimulatedCertManager start(KubernetesClient client) {
        return start(client, Duration.ZERO);
    }

    /**
     * Starts on the cluster of {@code client}, whose cert-manager CRDs must be installed; a new or changed Certificate is
     * issued only {@code issuanceTime} after its order began: what an ACME order takes (the DNS-01 challenge's TXT record published
     * and seen, the order validated and finalized). Zero: at once.
     */
    public static SimulatedCertManager start(KubernetesClient client, Duration issuanceTime) {
        SimulatedCertManager certManager = new SimulatedCertManager(client, issuanceTime);
        certManager.issuers = client.genericKubernetesResources(CLUSTER_ISSUERS).inform(handler(certManager::issuerChanged), 0);
        certManager.certificates = client.genericKubernetesResources(CERTIFICATES).inAnyNamespace()
                .inform(handler(c -> certManager.later(() -> certManager.reconcile(c.getMetadata().getNamespace(),
                        c.getMetadata().getName(), false))), 0);
        certManager.secrets = client.secrets().inAnyNamespace().withLabel("controller.cert-manager.io/fao", "true")
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Secret secret) {
                    }

                    @Override
                    public void onUpdate(Secret before, Secret after) {
                    }

                    @Override
                    public void onDelete(Secret secret, boolean unknownFinalState) {
                        certManager.secretDeleted(secret);
                    }
                }, 0);
        return certManager;
    }

    /**
     * A ClusterIssuer for Let's Encrypt through DNS-01 at Cloudflare, as the platform keeps one on the tools
     * cluster (its Cloudflare token in a Secret there, never in a PR's cluster).
     */
    public static GenericKubernetesResource acmeDns01ClusterIssuer(String name, String server, String email) {
        GenericKubernetesResource issuer = new GenericKubernetesResource();
        issuer.setApiVersion("cert-manager.io/v1");
        issuer.setKind("ClusterIssuer");
        issuer.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).build());
        issuer.setAdditionalProperty("spec", Map.of("acme", Map.of("server", server, "email", email,
                "privateKeySecretRef", Map.of("name", name + "-account-key"),
                "solvers", List.of(Map.of("dns01", Map.of("cloudflare", Map.of("apiTokenSecretRef",
                        Map.of("name", "cloudflare-api-token", "key", "api-token"))))))));
        return issuer;
    }

    /** From now on every order is refused with this ACME error, e.g. Let's Encrypt's {@code rateLimited}; null: accepted again. */
    public void refuseIssuance(String acmeError) {
        refusal = Optional.ofNullable(acmeError);
        if (acmeError == null) {
            retryAll();
        }
    }

    /** Renews the certificate now, as cert-manager does at its {@code renewalTime}: new key, new serial, {@code revision + 1}. */
    public void renew(String namespace, String name) {
        later(() -> reconcile(namespace, name, true));
    }

    private void issuerChanged(GenericKubernetesResource issuer) {
        later(() -> {
            markReady(issuer);
            retryAll();
        });
    }

    /** A deleted Secret of a Certificate is issued again, as cert-manager's readiness controller notices. */
    private void secretDeleted(Secret secret) {
        certificates.getStore().list().stream()
                .filter(c -> c.getMetadata().getNamespace().equals(secret.getMetadata().getNamespace()))
                .filter(c -> secret.getMetadata().getName().equals(json(c.getAdditionalProperties().get("spec"))
                        .path("secretName").asText()))
                .forEach(c -> later(() -> reconcile(c.getMetadata().getNamespace(), c.getMetadata().getName(), false)));
    }

    private void retryAll() {
        if (certificates != null) {
            certificates.getStore().list().forEach(c -> later(() -> reconcile(c.getMetadata().getNamespace(),
                    c.getMetadata().getName(), false)));
        }
    }

    private void markReady(GenericKubernetesResource issuer) {
        JsonNode status = json(issuer.getAdditionalProperties().get("status"));
        if (status.path("conditions").toString().contains("\"Ready\"")) {
            return;
        }
        client.genericKubernetesResources(CLUSTER_ISSUERS).withName(issuer.getMetadata().getName()).editStatus(i -> {
            i.getAdditionalProperties().put("status", Map.of("acme", Map.of("uri", "https://acme-staging-v02.api.letsencrypt.org"
                    + "/acme/acct/1"), "conditions", List.of(condition("Ready", "True", "ACMEAccountRegistered",
                    "The ACME account was registered with the ACME server"))));
            return i;
        });
    }

    private void reconcile(String namespace, String name, boolean renew) {
        GenericKubernetesResource certificate = client.genericKubernetesResources(CERTIFICATES).inNamespace(namespace)
                .withName(name).get();
        if (certificate == null || certificate.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        JsonNode spec = json(certificate.getAdditionalProperties().get("spec"));
        JsonNode status = json(certificate.getAdditionalProperties().get("status"));
        String secretName = spec.path("secretName").asText();
        List<String> names = names(spec);
        String issuerName = spec.path("issuerRef").path("name").asText();
        String issuerKind = spec.path("issuerRef").path("kind").asText("Issuer");
        Secret secret = client.secrets().inNamespace(namespace).withName(secretName).get();
        if (!renew && matches(secret, names, issuerName, issuerKind)) {
            return;
        }
        Optional<JsonNode> issuer = issuerKind.equals("ClusterIssuer")
                ? Optional.ofNullable(client.genericKubernetesResources(CLUSTER_ISSUERS).withName(issuerName).get())
                        .map(i -> json(i.getAdditionalProperties().get("spec")))
                : Optional.empty(); // namespaced Issuers are not simulated: none exists
        String why = secret == null ? "Issuing certificate as Secret does not exist"
                : "Issuing certificate as Secret was previously issued by " + issuerKind + "." + issuerName + " for other names";
        if (issuer.isEmpty()) {
            writeStatus(namespace, name, notReady(status, "DoesNotExist", why, condition("Issuing", "True", "DoesNotExist", why)));
            return;
        }
        if (refusal.isPresent()) {
            Map<String, Object> failed = notReady(status, "DoesNotExist", why, condition("Issuing", "False", "Failed",
                    "The certificate request has failed to complete and will be retried: Failed to wait for order resource "
                            + "to become ready: order is in \"errored\" state: " + refusal.get()));
            failed.put("failedIssuanceAttempts", status.path("failedIssuanceAttempts").asInt(0) + 1);
            failed.put("lastFailureTime", now());
            writeStatus(namespace, name, failed);
            return;
        }
        if (!renew && !issuanceTime.isZero()) {
            String key = namespace + "/" + name;
            java.time.Instant begun = orders.computeIfAbsent(key, k -> java.time.Instant.now());
            Duration left = Duration.between(java.time.Instant.now(), begun.plus(issuanceTime));
            if (!left.isNegative() && !left.isZero()) {
                later(() -> reconcile(namespace, name, false), left);
                return; // the ACME order is under way
            }
            orders.remove(key);
        }
        issue(certificate, spec, status, issuer.get(), names, issuerName, issuerKind);
    }

    private void issue(GenericKubernetesResource certificate, JsonNode spec, JsonNode status, JsonNode issuer, List<String> names,
                       String issuerName, String issuerKind) {
        String namespace = certificate.getMetadata().getNamespace();
        Duration duration = GoDurations.parse(spec.path("duration").asText(""), false).orElse(DEFAULT_DURATION);
        Duration renewBefore = GoDurations.parse(spec.path("renewBefore").asText(""), false).orElse(duration.dividedBy(3));
        Instant notBefore = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = notBefore.plus(duration);
        SimulatedCa.Issued issued = ca.issue(names, notBefore, notAfter, spec.path("privateKey").path("algorithm").asText("RSA"),
                "PKCS8".equals(spec.path("privateKey").path("encoding").asText("PKCS1")));
        Map<String, String> data = new LinkedHashMap<>();
        data.put("tls.crt", base64(issued.certificatePem() + ca.certificatePem()));
        data.put("tls.key", base64(issued.privateKeyPem()));
        if (!issuer.has("acme")) {
            data.put("ca.crt", base64(ca.certificatePem()));
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("cert-manager.io/alt-names", String.join(",", names));
        annotations.put("cert-manager.io/certificate-name", certificate.getMetadata().getName());
        annotations.put("cert-manager.io/common-name", names.get(0));
        annotations.put("cert-manager.io/ip-sans", "");
        annotations.put("cert-manager.io/issuer-group", spec.path("issuerRef").path("group").asText("cert-manager.io"));
        annotations.put("cert-manager.io/issuer-kind", issuerKind);
        annotations.put("cert-manager.io/issuer-name", issuerName);
        annotations.put("cert-manager.io/uri-sans", "");
        String secretName = spec.path("secretName").asText();
        Map<String, String> labels = new LinkedHashMap<>(strings(spec.path("secretTemplate").path("labels")));
        labels.put("controller.cert-manager.io/fao", "true");
        Map<String, String> secretAnnotations = new LinkedHashMap<>(strings(spec.path("secretTemplate").path("annotations")));
        secretAnnotations.putAll(annotations);
        Secret desired = new SecretBuilder().withNewMetadata().withName(secretName).withNamespace(namespace)
                .withLabels(labels).withAnnotations(secretAnnotations).endMetadata()
                .withType("kubernetes.io/tls").withData(data).build();
        Secret existing = client.secrets().inNamespace(namespace).withName(secretName).get();
        if (existing == null) {
            client.secrets().inNamespace(namespace).resource(desired).create();
        } else {
            desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
            client.secrets().inNamespace(namespace).resource(desired).update();
        }
        Map<String, Object> ready = new LinkedHashMap<>();
        ready.put("conditions", List.of(condition("Ready", "True", "Ready", "Certificate is up to date and has not expired")));
        ready.put("notBefore", notBefore.toString());
        ready.put("notAfter", notAfter.toString());
        ready.put("renewalTime", notAfter.minus(renewBefore).toString());
        ready.put("revision", status.path("revision").asInt(0) + 1);
        writeStatus(namespace, certificate.getMetadata().getName(), ready);
        firstIssued.putIfAbsent(namespace + "/" + certificate.getMetadata().getName(), java.time.Instant.now());
    }

    /** cert-manager's re-issuance triggers, simplified: the Secret is there, holds a certificate, for these names, from this issuer. */
    private static boolean matches(Secret secret, List<String> names, String issuerName, String issuerKind) {
        if (secret == null || secret.getData() == null || !secret.getData().containsKey("tls.crt")
                || !secret.getData().containsKey("tls.key")) {
            return false;
        }
        Map<String, String> annotations = secret.getMetadata().getAnnotations() == null ? Map.of()
                : secret.getMetadata().getAnnotations();
        return String.join(",", names).equals(annotations.get("cert-manager.io/alt-names"))
                && issuerName.equals(annotations.get("cert-manager.io/issuer-name"))
                && issuerKind.equals(annotations.get("cert-manager.io/issuer-kind"));
    }

    private static Map<String, String> strings(JsonNode map) {
        Map<String, String> values = new LinkedHashMap<>();
        map.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
        return values;
    }

    private static List<String> names(JsonNode spec) {
        List<String> names = new ArrayList<>();
        if (spec.hasNonNull("commonName")) {
            names.add(spec.path("commonName").asText());
        }
        spec.path("dnsNames").forEach(n -> {
            if (!names.contains(n.asText())) {
                names.add(n.asText());
            }
        });
        return names;
    }

    private static Map<String, Object> notReady(JsonNode status, String reason, String message, Map<String, Object> issuing) {
        Map<String, Object> notReady = new LinkedHashMap<>();
        if (status.isObject()) {
            notReady.putAll(Serialization.jsonMapper().convertValue(status, Map.class));
        }
        notReady.put("conditions", List.of(condition("Ready", "False", reason, message), issuing));
        return notReady;
    }

    private void writeStatus(String namespace, String name, Map<String, Object> status) {
        try {
            client.genericKubernetesResources(CERTIFICATES).inNamespace(namespace).withName(name).editStatus(c -> {
                Object current = c.getAdditionalProperties().get("status");
                if (sameIgnoringTimes(current, status)) {
                    return c;
                }
                c.getAdditionalProperties().put("status", status);
                return c;
            });
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404 && e.getCode() != 409) {
                throw e; // deleted meanwhile, or changed: the informer brings it back
            }
        }
    }

    /** The same conditions (types, statuses, reasons) and fields apart from timestamps: nothing to write. */
    private static boolean sameIgnoringTimes(Object current, Map<String, Object> wanted) {
        return current != null && strip(json(current)).equals(strip(json(wanted)));
    }

    private static JsonNode strip(JsonNode status) {
        JsonNode copy = status.deepCopy();
        if (copy.isObject()) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove(List.of("lastFailureTime"));
            copy.path("conditions").forEach(c -> ((com.fasterxml.jackson.databind.node.ObjectNode) c).remove("lastTransitionTime"));
        }
        return copy;
    }

    private static Map<String, Object> condition(String type, String status, String reason, String message) {
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("type", type);
        condition.put("status", status);
        condition.put("reason", reason);
        condition.put("message", message);
        condition.put("lastTransitionTime", now());
        return condition;
    }

    /** When the named Certificate's Secret was first issued. */
    public Optional<java.time.Instant> firstIssued(String namespace, String name) {
        return Optional.ofNullable(firstIssued.get(namespace + "/" + name));
    }

    private void later(Runnable action) {
        later(action, Duration.ZERO);
    }

    private void later(Runnable action, Duration delay) {
        if (closed) {
            return;
        }
        try {
            worker.schedule(() -> {
                try {
                    if (!closed) {
                        action.run();
                    }
                } catch (RuntimeException e) {
                    if (!closed) {
                        System.err.println("simulated cert-manager: " + e);
                    }
                }
            }, delay.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            // closed meanwhile
        }
    }

    private static ResourceEventHandler<GenericKubernetesResource> handler(java.util.function.Consumer<GenericKubernetesResource> changed) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource resource) {
                changed.accept(resource);
            }

            @Override
            public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
                if (!Objects.equals(before.getAdditionalProperties().get("spec"), after.getAdditionalProperties().get("spec"))) {
                    changed.accept(after);
                }
            }

            @Override
            public void onDelete(GenericKubernetesResource resource, boolean unknownFinalState) {
                // the Secret stays, as with cert-manager's default (no --enable-certificate-owner-ref)
            }
        };
    }

    private static JsonNode json(Object value) {
        return value == null ? MissingNode.getInstance() : Serialization.jsonMapper().valueToTree(value);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static ResourceDefinitionContext context(String kind, String plural, boolean namespaced) {
        return new ResourceDefinitionContext.Builder().withGroup("cert-manager.io").withVersion("v1").withKind(kind)
                .withPlural(plural).withNamespaced(namespaced).build();
    }

    @Override
    public void close() {
        closed = true;
        if (certificates != null) {
            certificates.close();
        }
        if (issuers != null) {
            issuers.close();
        }
        if (secrets != null) {
            secrets.close();
        }
        worker.shutdownNow();
    }
}
