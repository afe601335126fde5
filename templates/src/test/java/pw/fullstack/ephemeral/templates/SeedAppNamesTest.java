package pw.fullstack.ephemeral.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pw.fullstack.ephemeral.templates.WorkloadTemplateSettings.AppNames;

/**
 * Phase 2 answers to the names the seed's applications use (issue 18.7), read from the seed's own
 * files (fullstack-pw/infra {@code ephemeral-clusters/phase2-resources/}: {@code clusterissuer.yaml}
 * names {@code letsencrypt-staging}, {@code externalsecret.yaml.tpl} writes {@code default/cluster-secrets},
 * {@code postgres-cluster.yaml.tpl} is {@code default/postgres}); each is a setting, checked like every value.
 */
class SeedAppNamesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final WorkloadTemplates templates = new WorkloadTemplates(TemplateSource.packaged());
    private final WorkloadCluster cluster = new WorkloadCluster("pr-cksbackend-42", "pr-42-cksbackend.ephemeral.fullstack.pw",
            "192.168.1.140", "ephemeral-clusters/apps/cks-backend", true);

    private static ManifestObject only(List<ManifestObject> objects, String kind) {
        return objects.stream().filter(o -> o.kind().equals(kind)).reduce((a, b) -> {
            throw new AssertionError("more than one " + kind);
        }).orElseThrow(() -> new AssertionError("no " + kind));
    }

    @Test
    void byDefaultTheAppFindsTheSeedsIssuerSecretAndDatabaseInTheDefaultNamespace() {
        List<ManifestObject> objects = templates.phase2(cluster, WorkloadTemplateSettings.defaults());

        assertThat(only(objects, "ClusterIssuer").name()).isEqualTo("letsencrypt-staging");
        ManifestObject secret = only(objects, "ExternalSecret");
        assertThat(secret.namespace() + "/" + secret.name()).isEqualTo("default/cluster-secrets");
        assertThat(JSON.valueToTree(secret.content()).at("/spec/target/name").asText()).as("the Secret the pods read")
                .isEqualTo("cluster-secrets");
        ManifestObject postgres = only(objects, "Cluster");
        assertThat(postgres.namespace() + "/" + postgres.name()).isEqualTo("default/postgres");
    }

    @Test
    void theDefaultNamespaceGetsTheQuotaButIsNeverCreatedOrClaimedByTheInstaller() {
        List<ManifestObject> objects = templates.phase2(cluster, WorkloadTemplateSettings.defaults());

        assertThat(objects).extracting(ManifestObject::kind).as("every cluster has default; the installer must not own it")
                .doesNotContain("Namespace");
        assertThat(only(objects, "ResourceQuota").namespace()).isEqualTo("default");
        assertThat(only(objects, "LimitRange").namespace()).isEqualTo("default");
    }

    @Test
    void eachNameIsASettingAndAnOwnNamespaceIsCreatedBeforeWhatLivesInIt() {
        var own = WorkloadTemplateSettings.defaults().withApp(new AppNames("shop", "letsencrypt", "app-secrets", "app-db"));
        List<ManifestObject> objects = templates.phase2(cluster, own);

        assertThat(only(objects, "Namespace").name()).isEqualTo("shop");
        assertThat(objects).extracting(ManifestObject::kind).containsSubsequence("Namespace", "ResourceQuota", "ExternalSecret");
        assertThat(only(objects, "ClusterIssuer").name()).isEqualTo("letsencrypt");
        assertThat(only(objects, "ExternalSecret").name()).isEqualTo("app-secrets");
        assertThat(JSON.valueToTree(only(objects, "ExternalSecret").content()).at("/spec/target/name").asText())
                .isEqualTo("app-secrets");
        assertThat(only(objects, "Cluster").namespace() + "/" + only(objects, "Cluster").name()).isEqualTo("shop/app-db");
    }

    @Test
    void aNameThatIsNotDns1123IsRefusedAtTheSettingsCheckNamingIt() {
        var seeds = AppNames.seeds();
        assertThatThrownBy(() -> WorkloadTemplates.check(WorkloadTemplateSettings.defaults().withApp(
                new AppNames(seeds.namespace(), "Lets_Encrypt", seeds.secret(), seeds.postgres()))))
                .isInstanceOf(TemplateException.class).hasMessageContaining("CLUSTER_ISSUER").hasMessageContaining("DNS-1123");
        assertThatThrownBy(() -> WorkloadTemplates.check(WorkloadTemplateSettings.defaults().withApp(
                new AppNames(seeds.namespace(), seeds.clusterIssuer(), "secrets\nkind: Secret", seeds.postgres()))))
                .hasMessageContaining("APP_SECRET_NAME").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> WorkloadTemplates.check(WorkloadTemplateSettings.defaults().withApp(
                new AppNames(seeds.namespace(), seeds.clusterIssuer(), seeds.secret(), "pg.main"))))
                .as("the operator derives Service names from it: a label").hasMessageContaining("POSTGRES_CLUSTER");
        assertThatThrownBy(() -> WorkloadTemplates.check(WorkloadTemplateSettings.defaults().withApp(
                new AppNames("App", seeds.clusterIssuer(), seeds.secret(), seeds.postgres()))))
                .hasMessageContaining("APP_NAMESPACE");
        WorkloadTemplates.check(WorkloadTemplateSettings.defaults());
    }

    @ParameterizedTest
    @ValueSource(strings = {"kube-system", "kube-public", "kube-node-lease"})
    void aNamespaceKubernetesKeepsForItselfIsRefused(String namespace) {
        assertThatThrownBy(() -> new AppNames(namespace, "letsencrypt-staging", "cluster-secrets", "postgres"))
                .isInstanceOf(TemplateException.class).hasMessageContaining(namespace).hasMessageContaining("kube-");
    }
}
