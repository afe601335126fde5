package pw.fullstack.ephemeral.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pw.fullstack.ephemeral.templates.WorkloadTemplateSettings.DnsProvider;
import pw.fullstack.ephemeral.templates.WorkloadTemplateSettings.Publishing;

/** Strictness of the Phase 1 / Phase 2 rendering: hostile values, missing settings, foreign kinds. */
class WorkloadTemplatesTest {

    private final WorkloadTemplates templates = new WorkloadTemplates(TemplateSource.packaged());

    private static WorkloadCluster cluster(String name, String dns, String ip, String secretPath) {
        return new WorkloadCluster(name, dns, ip, secretPath, false);
    }

    /** The seed's way: external-dns and the DNS-01 issuer in the PR's cluster. */
    private static WorkloadTemplateSettings inCluster() {
        return WorkloadTemplateSettings.defaults().withPublishing(Publishing.inCluster());
    }

    private static WorkloadCluster good() {
        return cluster("pr-cksbackend-42", "pr-42-cksbackend.ephemeral.fullstack.pw", "192.168.1.140",
                "ephemeral-clusters/apps/cks-backend");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pr-x\nkind: Secret", "pr-x: y", "PR-X", "pr-x\"", "${DNS_NAME}", "a b"})
    void aHostileClusterNameIsRefusedBeforeAnythingIsRendered(String name) {
        assertThatThrownBy(() -> templates.phase1(cluster(name, "pr-1-x.ephemeral.fullstack.pw", "192.168.1.140", "a/b"),
                WorkloadTemplateSettings.defaults()))
                .isInstanceOf(TemplateException.class).hasMessageContaining("CLUSTER_NAME").hasMessageNotContaining("\n");
    }

    @Test
    void hostileAddressesPathsAndUrlsAreRefusedNamingTheVariable() {
        assertThatThrownBy(() -> templates.phase2(cluster("pr-x-1", "pr-1-x.ephemeral.fullstack.pw", "192.168.1.140\n- 6.6.6.6",
                "a/b"), WorkloadTemplateSettings.defaults())).hasMessageContaining("CLUSTER_IP");
        assertThatThrownBy(() -> templates.phase2(cluster("pr-x-1", "pr-1-x.ephemeral.fullstack.pw", "192.168.1.140",
                "../other-team/secrets"), WorkloadTemplateSettings.defaults())).hasMessageContaining("APP_SECRET_PATH");
        var settings = WorkloadTemplateSettings.defaults();
        var badVault = new WorkloadTemplateSettings(settings.helmBackOffLimit(), settings.helmTimeout(), settings.dnsProviders(),
                settings.cloudflareZoneId(), settings.piholeServer(), settings.acmeSolver(), settings.acmeServer(),
                settings.acmeEmail(), settings.ingressClass(), settings.dnsTtl(), "https://vault\" injected: true",
                settings.vaultMount(), settings.app(), settings.quota(), settings.postgresStorage(),
                settings.piholeApiVersion(), settings.publishing());
        assertThatThrownBy(() -> templates.phase2(good(), badVault)).hasMessageContaining("VAULT_SERVER");
        var badQuota = settings.withQuota(new WorkloadTemplateSettings.Quota("3 cores", "6Gi", "4", "7Gi", "15Gi", 10, 50,
                "500m", "512Mi", "100m", "128Mi"));
        assertThatThrownBy(() -> templates.phase2(good(), badQuota)).hasMessageContaining("QUOTA_REQUESTS_CPU");
        var unboundedRetries = new WorkloadTemplateSettings(1000, settings.helmTimeout(), settings.dnsProviders(),
                settings.cloudflareZoneId(), settings.piholeServer(), settings.acmeSolver(), settings.acmeServer(),
                settings.acmeEmail(), settings.ingressClass(), settings.dnsTtl(), settings.vaultServer(),
                settings.vaultMount(), settings.app(), settings.quota(), settings.postgresStorage(),
                settings.piholeApiVersion(), settings.publishing());
        assertThatThrownBy(() -> templates.phase1(good(), unboundedRetries)).hasMessageContaining("HELM_BACKOFF_LIMIT")
                .hasMessageContaining("1..100");
    }

    @Test
    void theToolsClusterIssuerNameIsCheckedAtStartAndOnlyWhenTheToolsClusterIssues() {
        var bad = new Publishing(WorkloadTemplateSettings.DnsPublisher.TOOLS_CLUSTER, false, "Lets_Encrypt");
        assertThatThrownBy(() -> WorkloadTemplates.check(WorkloadTemplateSettings.defaults().withPublishing(bad)))
                .isInstanceOf(TemplateException.class).hasMessageContaining("TOOLS_CLUSTER_ISSUER");
        WorkloadTemplates.check(WorkloadTemplateSettings.defaults().withPublishing(
                new Publishing(WorkloadTemplateSettings.DnsPublisher.IN_CLUSTER, false, "Lets_Encrypt")));
    }

    @Test
    void withoutADnsProviderNothingCouldPublishTheName() {
        assertThatThrownBy(() -> WorkloadTemplateSettings.defaults().withDnsProviders(EnumSet.noneOf(DnsProvider.class)))
                .isInstanceOf(TemplateException.class).hasMessageContaining("DNS provider");
    }

    @Test
    void onlyTheEnabledProvidersChartsAreRendered() {
        var pihole = templates.phase1(good(), inCluster().withDnsProviders(EnumSet.of(DnsProvider.PIHOLE)));
        assertThat(pihole).extracting(ManifestObject::name).containsExactly("cert-manager", "external-dns-pihole", "external-secrets");
    }

    /** The seed's Pi-hole is reached by external-dns 0.14/0.15, which speak only its v5 API. */
    @Test
    void externalDnsSpeaksPiholesV5ApiUnlessTheSiteSaysV6() {
        var pihole = EnumSet.of(DnsProvider.PIHOLE);
        var seeds = inCluster().withDnsProviders(pihole);
        var v6 = new WorkloadTemplateSettings(seeds.helmBackOffLimit(), seeds.helmTimeout(), pihole, seeds.cloudflareZoneId(),
                seeds.piholeServer(), seeds.acmeSolver(), seeds.acmeServer(), seeds.acmeEmail(), seeds.ingressClass(),
                seeds.dnsTtl(), seeds.vaultServer(), seeds.vaultMount(), seeds.app(), seeds.quota(),
                seeds.postgresStorage(), 6, seeds.publishing());

        assertThat(valuesOf(templates.phase1(good(), seeds), "external-dns-pihole")).contains("--pihole-api-version=5")
                .doesNotContain("--pihole-api-version=6");
        assertThat(valuesOf(templates.phase1(good(), v6), "external-dns-pihole")).contains("--pihole-api-version=6");
        assertThatThrownBy(() -> new WorkloadTemplateSettings(seeds.helmBackOffLimit(), seeds.helmTimeout(), pihole,
                seeds.cloudflareZoneId(), seeds.piholeServer(), seeds.acmeSolver(), seeds.acmeServer(), seeds.acmeEmail(),
                seeds.ingressClass(), seeds.dnsTtl(), seeds.vaultServer(), seeds.vaultMount(), seeds.app(),
                seeds.quota(), seeds.postgresStorage(), 4, seeds.publishing())).isInstanceOf(TemplateException.class).hasMessageContaining("5 or 6");
    }

    /**
     * The seed's external-dns filters by its domain and names no zone; a zone id of zeros (the old default)
     * points at no zone at all. Unset, Cloudflare's provider keeps the zones the domain filter matches, so the
     * filter is the site's domain; set, the zone is chosen by id and the filter narrows to the PR's own name.
     */
    @Test
    void withoutAZoneIdExternalDnsFindsTheCloudflareZoneByTheSitesDomainAndWithOneByThatId() throws Exception {
        var byDomain = templates.phase1(good(), inCluster());
        var yaml = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper();
        var values = yaml.readTree(valuesOf(byDomain, "external-dns-cloudflare"));
        assertThat(values.path("domainFilters")).extracting(com.fasterxml.jackson.databind.JsonNode::asText)
                .containsExactly("ephemeral.fullstack.pw");
        assertThat(valuesOf(byDomain, "external-dns-cloudflare")).doesNotContain("zone-id-filter");

        var zone = "023e105f4ecef8ad9ca31a8372d0c353";
        var byId = yaml.readTree(valuesOf(templates.phase1(good(), inCluster().withCloudflareZoneId(zone)),
                "external-dns-cloudflare"));
        assertThat(byId.path("extraArgs")).extracting(com.fasterxml.jackson.databind.JsonNode::asText)
                .containsExactly("--zone-id-filter=" + zone);
        assertThat(byId.path("domainFilters")).extracting(com.fasterxml.jackson.databind.JsonNode::asText)
                .containsExactly("pr-42-cksbackend.ephemeral.fullstack.pw");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-zone", "023E105F4ECEF8AD", "abc", "023e105f\n- --domain-filter=."})
    void aZoneIdThatIsSetIsStillCheckedNamingIt(String zoneId) {
        assertThatThrownBy(() -> WorkloadTemplates.check(inCluster().withCloudflareZoneId(zoneId)))
                .isInstanceOf(TemplateException.class).hasMessageContaining("CLOUDFLARE_ZONE_ID");
    }

    private static String valuesOf(java.util.List<ManifestObject> objects, String name) {
        return objects.stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow().content().get("spec") instanceof
                java.util.Map<?, ?> spec ? String.valueOf(spec.get("valuesContent")) : "";
    }

    @Test
    void anOverrideTemplateWithAForeignKindOrBrokenValuesIsRefused(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("phase1"));
        Files.writeString(dir.resolve("phase1/cert-manager.yaml.tpl"), """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata:
                  name: ${CLUSTER_NAME}-admin
                """);
        WorkloadTemplates overridden = new WorkloadTemplates(TemplateSource.withOverride(Optional.of(dir)));
        assertThatThrownBy(() -> overridden.phase1(good(), WorkloadTemplateSettings.defaults()))
                .hasMessageContaining("rbac.authorization.k8s.io/ClusterRoleBinding").hasMessageContaining("not allowed");

        Files.writeString(dir.resolve("phase1/cert-manager.yaml.tpl"), """
                apiVersion: helm.cattle.io/v1
                kind: HelmChart
                metadata:
                  name: cert-manager
                  namespace: kube-system
                spec:
                  chart: cert-manager
                  valuesContent: "crds: {enabled: [true"
                """);
        assertThatThrownBy(() -> overridden.phase1(good(), WorkloadTemplateSettings.defaults()))
                .hasMessageContaining("valuesContent").hasMessageContaining("not valid YAML");

        Files.writeString(dir.resolve("phase1/cert-manager.yaml.tpl"), """
                apiVersion: helm.cattle.io/v1
                kind: HelmChart
                metadata:
                  name: cert-manager
                  namespace: kube-system
                spec:
                  chart: ${CHART_OF_MY_CHOICE}
                """);
        assertThatThrownBy(() -> overridden.phase1(good(), WorkloadTemplateSettings.defaults()))
                .hasMessageContaining("unknown variable CHART_OF_MY_CHOICE");
    }
}
