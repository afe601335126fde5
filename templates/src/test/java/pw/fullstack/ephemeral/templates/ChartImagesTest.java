package pw.fullstack.ephemeral.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Phase 1 charts' images: pinned by digest where the site sets one, from a mirror that keeps the
 * upstream paths where it sets one, and otherwise exactly what the charts run by default.
 */
class ChartImagesTest {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

    /**
     * Every Phase 1 chart: external-dns runs only when the PR cluster publishes its own name (the seed's,
     * unsafe, way), and both Cloudflare templates need two renders (by domain, by zone id).
     */
    private static List<ManifestObject> everyPhase1Chart(ChartImages images) {
        WorkloadTemplates templates = new WorkloadTemplates(TemplateSource.packaged(), images);
        WorkloadCluster cluster = new WorkloadCluster("pr-cksbackend-42", "pr-42-cksbackend.ephemeral.fullstack.pw",
                "192.168.1.140", "ephemeral-clusters/apps/cks-backend", true);
        WorkloadTemplateSettings inCluster = WorkloadTemplateSettings.defaults()
                .withPublishing(WorkloadTemplateSettings.Publishing.inCluster());
        List<ManifestObject> charts = new ArrayList<>(templates.phase1(cluster, inCluster));
        charts.addAll(templates.phase1(cluster, inCluster.withCloudflareZoneId("023e105f4ecef8ad9ca31a8372d0c353")));
        return charts;
    }

    /**
     * The image every {@code image} block of every chart's values makes, as the charts' templates build it
     * ({@code repository:tag}; cert-manager's helper adds a registry or a digest only when those keys are set,
     * and the templates set neither).
     */
    private static List<String> references(List<ManifestObject> charts) throws Exception {
        List<String> references = new ArrayList<>();
        for (ManifestObject chart : charts) {
            Map<?, ?> spec = (Map<?, ?>) chart.content().get("spec");
            collect(YAML.readTree(String.valueOf(spec.get("valuesContent"))), references);
        }
        return references;
    }

    private static void collect(JsonNode values, List<String> references) {
        values.fields().forEachRemaining(field -> {
            if (field.getKey().equals("image")) {
                JsonNode image = field.getValue();
                assertThat(image.has("registry") || image.has("digest")).as("a registry or digest key the settings do not control")
                        .isFalse();
                references.add(image.path("repository").asText() + ":" + image.path("tag").asText());
            } else if (field.getValue().isObject()) {
                collect(field.getValue(), references);
            }
        });
    }

    /** Every image a chart's values.yaml has at the pinned version is set, so none is left to the chart's tag. */
    @Test
    void everyImageEachChartRunsIsSet() throws Exception {
        Map<String, List<String>> paths = new java.util.TreeMap<>();
        for (ManifestObject chart : everyPhase1Chart(ChartImages.upstream())) {
            Map<?, ?> spec = (Map<?, ?>) chart.content().get("spec");
            List<String> found = new ArrayList<>();
            imagePaths(YAML.readTree(String.valueOf(spec.get("valuesContent"))), "", found);
            paths.put(chart.name(), found);
        }
        assertThat(paths).containsExactlyInAnyOrderEntriesOf(Map.of(
                "cert-manager", List.of("image", "webhook.image", "cainjector.image", "acmesolver.image", "startupapicheck.image"),
                "external-secrets", List.of("image", "webhook.image", "certController.image"),
                "external-dns-cloudflare", List.of("image"),
                "external-dns-pihole", List.of("image"),
                "cloudnative-pg", List.of("image")));
    }

    private static void imagePaths(JsonNode values, String prefix, List<String> found) {
        values.fields().forEachRemaining(field -> {
            if (field.getKey().equals("image")) {
                found.add(prefix + "image");
            } else if (field.getValue().isObject()) {
                imagePaths(field.getValue(), prefix + field.getKey() + ".", found);
            }
        });
    }

    @Test
    void withoutDigestsEveryImageIsWhatItsChartRunsByDefault() throws Exception {
        // The charts' own values.yaml repositories and appVersions at the pinned chart versions.
        assertThat(references(everyPhase1Chart(ChartImages.upstream()))).containsOnly(
                "quay.io/jetstack/cert-manager-controller:v1.18.6",
                "quay.io/jetstack/cert-manager-webhook:v1.18.6",
                "quay.io/jetstack/cert-manager-cainjector:v1.18.6",
                "quay.io/jetstack/cert-manager-acmesolver:v1.18.6",
                "quay.io/jetstack/cert-manager-startupapicheck:v1.18.6",
                "ghcr.io/external-secrets/external-secrets:v1.3.2",
                "registry.k8s.io/external-dns/external-dns:v0.20.0",
                "ghcr.io/cloudnative-pg/cloudnative-pg:1.30.0");
    }

    @Test
    void everyImageOfEveryChartIsPinnedByTheDigestTheSiteSetForIt() throws Exception {
        Map<String, String> digests = Arrays.stream(ChartImage.values()).collect(Collectors.toMap(ChartImage::key,
                image -> "sha256:" + String.format("%064x", image.ordinal() + 1)));

        List<String> references = references(everyPhase1Chart(ChartImages.of(Optional.empty(), digests)));

        for (ChartImage image : ChartImage.values()) {
            assertThat(references).filteredOn(r -> r.startsWith(image.upstreamRepository() + ":")).as(image.key())
                    .isNotEmpty().allSatisfy(r -> assertThat(r).endsWith("@" + digests.get(image.key())));
        }
        assertThat(references).allSatisfy(r -> assertThat(r).matches("[^@]+:[^@:]+@sha256:[0-9a-f]{64}"));
    }

    @Test
    void aDigestPinsOnlyItsOwnImage() throws Exception {
        Map<ChartImage, String> one = new EnumMap<>(ChartImage.class);
        one.put(ChartImage.EXTERNAL_DNS, DIGEST);

        assertThat(references(everyPhase1Chart(new ChartImages(Optional.empty(), one))))
                .contains("registry.k8s.io/external-dns/external-dns:v0.20.0@" + DIGEST,
                        "quay.io/jetstack/cert-manager-controller:v1.18.6")
                .filteredOn(r -> r.contains("@")).allMatch(r -> r.startsWith("registry.k8s.io/external-dns/"));
    }

    @Test
    void aMirrorServesEveryImageUnderItsUpstreamPath() throws Exception {
        ChartImages mirrored = ChartImages.of(Optional.of("registry.example.org:5000/mirror"),
                Map.of(ChartImage.CERT_MANAGER_WEBHOOK.key(), DIGEST));

        assertThat(references(everyPhase1Chart(mirrored)))
                .contains("registry.example.org:5000/mirror/jetstack/cert-manager-webhook:v1.18.6@" + DIGEST,
                        "registry.example.org:5000/mirror/cloudnative-pg/cloudnative-pg:1.30.0",
                        "registry.example.org:5000/mirror/external-dns/external-dns:v0.20.0")
                .allMatch(r -> r.startsWith("registry.example.org:5000/mirror/"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha256:abc", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "SHA256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "sha256:0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef",
            "sha512:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"\nkind: Secret",
            "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0", ""})
    void aDigestThatIsNotSha256AndSixtyFourHexDigitsIsRefusedNamingTheImage(String digest) {
        assertThatThrownBy(() -> ChartImages.of(Optional.empty(), Map.of("external-secrets", digest)))
                .isInstanceOf(TemplateException.class).hasMessageContaining("external-secrets")
                .hasMessageContaining("sha256:<64 lowercase hex digits>").hasMessageNotContaining("\n");
    }

    @Test
    void aDigestForAnImageNoChartRunsIsRefusedListingTheImages() {
        assertThatThrownBy(() -> ChartImages.of(Optional.empty(), Map.of("cert-manager", DIGEST)))
                .isInstanceOf(TemplateException.class).hasMessageContaining("\"cert-manager\"")
                .hasMessageContaining("cert-manager-controller, cert-manager-webhook");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://registry.example.org", "registry.example.org/Mirror", "registry example.org",
            "registry.example.org:port", "registry.example.org/", "-registry.example.org", "registry.example.org\n- x"})
    void aMirrorThatIsNotARegistryHostIsRefused(String mirror) {
        assertThatThrownBy(() -> ChartImages.of(Optional.of(mirror), Map.of()))
                .isInstanceOf(TemplateException.class).hasMessageContaining("image registry");
    }
}
