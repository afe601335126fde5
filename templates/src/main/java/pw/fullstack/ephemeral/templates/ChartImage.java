package pw.fullstack.ephemeral.templates;

import java.util.Arrays;
import java.util.Optional;

/**
 * The container images the Phase 1 charts run, by the repository their charts' values name at the
 * pinned chart versions (the chart's {@code values.yaml}). The Phase 1 templates set each one's
 * {@code repository} to {@code ${<NAME>_IMAGE}} and its {@code tag} to the chart's appVersion followed by
 * {@code ${<NAME>_DIGEST}}: empty (pinned by tag, the chart's default) or {@code @sha256:...} (pinned by
 * digest; the runtime pulls by the digest and the tag is only informational).
 *
 * @param key      the name in the settings ({@code installer.phase1.image-digests.<key>})
 * @param registry the upstream registry's host
 * @param path     the repository in that registry
 */
public enum ChartImage {
    CERT_MANAGER_CONTROLLER("cert-manager-controller", "quay.io", "jetstack/cert-manager-controller"),
    CERT_MANAGER_WEBHOOK("cert-manager-webhook", "quay.io", "jetstack/cert-manager-webhook"),
    CERT_MANAGER_CAINJECTOR("cert-manager-cainjector", "quay.io", "jetstack/cert-manager-cainjector"),
    /** Run by cert-manager for HTTP-01 challenges only. */
    CERT_MANAGER_ACMESOLVER("cert-manager-acmesolver", "quay.io", "jetstack/cert-manager-acmesolver"),
    /** The chart's post-install Job that waits for the webhook. */
    CERT_MANAGER_STARTUPAPICHECK("cert-manager-startupapicheck", "quay.io", "jetstack/cert-manager-startupapicheck"),
    /** One image for the controller, the webhook and the cert controller. */
    EXTERNAL_SECRETS("external-secrets", "ghcr.io", "external-secrets/external-secrets"),
    EXTERNAL_DNS("external-dns", "registry.k8s.io", "external-dns/external-dns"),
    /** The operator, also copied into every PostgreSQL pod as its instance manager. */
    CLOUDNATIVE_PG("cloudnative-pg", "ghcr.io", "cloudnative-pg/cloudnative-pg");

    private final String key;
    private final String registry;
    private final String path;

    ChartImage(String key, String registry, String path) {
        this.key = key;
        this.registry = registry;
        this.path = path;
    }

    public String key() {
        return key;
    }

    /** The repository upstream, e.g. {@code quay.io/jetstack/cert-manager-controller}. */
    public String upstreamRepository() {
        return registry + "/" + path;
    }

    /** The repository under a mirror that keeps the upstream path, e.g. {@code mirror.example.org/jetstack/cert-manager-controller}. */
    public String repositoryIn(String mirror) {
        return mirror + "/" + path;
    }

    /** The template variable of the repository. */
    public String imageVariable() {
        return name() + "_IMAGE";
    }

    /** The template variable of the digest suffix ({@code ""} or {@code @sha256:<hex>}). */
    public String digestVariable() {
        return name() + "_DIGEST";
    }

    public static Optional<ChartImage> byKey(String key) {
        return Arrays.stream(values()).filter(image -> image.key.equals(key)).findFirst();
    }
}
