package pw.fullstack.ephemeral.sandbox.infra;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pw.fullstack.ephemeral.testkit.vault.VaultEmulator;
import pw.fullstack.ephemeral.testkit.vault.VaultSetupScript;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/vault as an operator runs it (setup.sh, with the policies it loads) against the Vault emulator, then each
 * service logged in through Kubernetes auth with its own ServiceAccount's token: what each may not do. (What each
 * must be able to do is proven by every end-to-end test: the sandbox's services log in the same way.)
 */
class DeployVaultPoliciesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path VAULT_DEPLOY = Path.of(System.getProperty("sandbox.root", "..")).toAbsolutePath().normalize()
            .resolve("deploy/vault");
    private static final String NAMESPACE = "ephemeral-clusters";
    private static final List<String> SERVICES = List.of("allocator", "provisioner", "installer", "reaper", "notifier", "github-bridge");
    private static final String MAP = "ephemeral-clusters/ip-allocations";
    private static final String KUBECONFIG = "ephemeral-clusters/pr-demoapps-42/kubeconfig";
    private static final String APP_SECRETS = "ephemeral-clusters/apps/fullstack-pw/demo-apps";

    private final HttpClient http = HttpClient.newHttpClient();
    @TempDir
    Path work;
    private VaultEmulator vault;

    @BeforeEach
    void runTheOperatorsSetup() {
        vault = VaultEmulator.start();
        vault.write("kv", MAP, Map.of("192.168.1.140", "pr-demoapps-42"));
        vault.write("kv", KUBECONFIG, Map.of("value", "apiVersion: v1\nkind: Config"));
        vault.write("kv", APP_SECRETS, Map.of("DB_PASSWORD", "demo"));
        vault.write("kv", "ephemeral-clusters/notifier", Map.of("notifier.comment.state-key", "k"));
        vault.write("kv", "ephemeral-clusters/github-bridge", Map.of("bridge.webhook.secrets", "s"));
        setUp();
    }

    @AfterEach
    void stopVault() {
        vault.close();
    }

    @Test
    void runningTheSetupAgainChangesNothingAndFailsNothing() throws Exception {
        JsonNode roleBefore = root("GET", "auth/kubernetes/role/installer", null).get("data");

        String output = setUp();

        assertThat(output).contains("done");
        assertThat(root("GET", "auth/kubernetes/role/installer", null).get("data")).isEqualTo(roleBefore);
        assertThat(vault.policyNames()).containsAll(SERVICES).contains("ephemeral-app--fullstack-pw--demo-apps");
    }

    @Test
    void eachRoleTakesOnlyItsOwnServiceAccountFromTheNamespaceWithAudienceVault() throws Exception {
        for (String service : SERVICES) {
            assertThat(login(service, token(service))).as(service).isNotBlank();
            JsonNode role = root("GET", "auth/kubernetes/role/" + service, null).get("data");
            assertThat(role.get("bound_service_account_names").toString()).isEqualTo("[\"" + service + "\"]");
            assertThat(role.get("bound_service_account_namespaces").toString()).isEqualTo("[\"" + NAMESPACE + "\"]");
            assertThat(role.get("audience").asText()).isEqualTo("vault");
            assertThat(role.get("token_policies").toString()).isEqualTo("[\"" + service + "\"]");
            assertThat(role.get("token_ttl").asLong()).isEqualTo(Duration.ofHours(1).toSeconds());
        }
        assertThat(loginStatus("installer", token("allocator"))).isEqualTo(403);
        assertThat(loginStatus("allocator", vault.serviceAccountTokens().issue("default", "allocator", "vault", Duration.ofHours(1))))
                .isEqualTo(403);
        assertThat(loginStatus("allocator", vault.serviceAccountTokens().issue(NAMESPACE, "allocator",
                "https://kubernetes.default.svc.cluster.local", Duration.ofHours(1)))).isEqualTo(403);
    }

    @Test
    void theAllocatorCannotReadKubeconfigsAndWritesTheMapOnlyWithCheckAndSet() throws Exception {
        String allocator = login("allocator", token("allocator"));
        int version = vault.currentVersion("kv", MAP);

        HttpResponse<String> kubeconfig = as(allocator, "GET", "kv/data/" + KUBECONFIG, null);
        HttpResponse<String> blind = as(allocator, "POST", "kv/data/" + MAP, "{\"data\":{}}");
        HttpResponse<String> checked = as(allocator, "POST", "kv/data/" + MAP,
                "{\"options\":{\"cas\":" + version + "},\"data\":{\"192.168.1.140\":\"pr-demoapps-42\"}}");
        HttpResponse<String> blindQueue = as(allocator, "POST", "kv/data/ephemeral-clusters/allocator/queue", "{\"data\":{\"entries\":[]}}");

        assertThat(kubeconfig.statusCode()).isEqualTo(403);
        assertThat(blind.statusCode()).isEqualTo(400);
        assertThat(blind.body()).contains("check-and-set parameter required for this call");
        assertThat(blindQueue.statusCode()).isEqualTo(400);
        assertThat(checked.statusCode()).isEqualTo(200);
        assertThat(as(allocator, "GET", "kv/data/" + APP_SECRETS, null).statusCode()).isEqualTo(403);
    }

    @Test
    void theInstallerReadsNoAppSecretAndMintsOnlyTheRepositoriesPoliciesThroughItsRole() throws Exception {
        String installer = login("installer", token("installer"));

        assertThat(as(installer, "GET", "kv/data/" + KUBECONFIG, null).statusCode()).isEqualTo(200);
        assertThat(as(installer, "GET", "kv/data/" + APP_SECRETS, null).statusCode()).isEqualTo(403);
        assertThat(as(installer, "LIST", "kv/metadata/ephemeral-clusters/apps/", null).statusCode()).isEqualTo(403);
        assertThat(as(installer, "GET", "kv/data/ephemeral-clusters/installer/cloudflare", null).statusCode()).isEqualTo(403);
        HttpResponse<String> minted = as(installer, "POST", "auth/token/create/ephemeral-pr-apps",
                "{\"policies\":[\"ephemeral-app--fullstack-pw--demo-apps\"],\"ttl\":\"72h\",\"explicit_max_ttl\":\"72h\"}");
        assertThat(minted.statusCode()).isEqualTo(200);
        String appToken = JSON.readTree(minted.body()).at("/auth/client_token").asText();
        assertThat(as(appToken, "GET", "kv/data/" + APP_SECRETS, null).statusCode()).isEqualTo(200);
        assertThat(as(installer, "POST", "auth/token/create/ephemeral-pr-apps", "{\"policies\":[\"installer\"]}").statusCode())
                .as("a service's policy through the app role").isEqualTo(400);
        assertThat(as(installer, "POST", "auth/token/create", "{\"policies\":[\"installer\"]}").statusCode()).isEqualTo(403);
        assertThat(as(installer, "POST", "auth/token/revoke-accessor",
                "{\"accessor\":\"" + JSON.readTree(minted.body()).at("/auth/accessor").asText() + "\"}").statusCode()).isEqualTo(204);
        assertThat(as(appToken, "GET", "kv/data/" + APP_SECRETS, null).statusCode()).isEqualTo(403);
    }

    @Test
    void theNotifierAndTheBridgeReadTheirOwnSecretsAndNotTheAllocationMap() throws Exception {
        String notifier = login("notifier", token("notifier"));
        String bridge = login("github-bridge", token("github-bridge"));

        assertThat(as(notifier, "GET", "kv/data/ephemeral-clusters/notifier", null).statusCode()).isEqualTo(200);
        assertThat(as(notifier, "GET", "kv/data/" + MAP, null).statusCode()).isEqualTo(403);
        assertThat(as(notifier, "GET", "kv/data/ephemeral-clusters/github-bridge", null).statusCode()).isEqualTo(403);
        assertThat(as(bridge, "GET", "kv/data/ephemeral-clusters/github-bridge", null).statusCode()).isEqualTo(200);
        assertThat(as(bridge, "GET", "kv/data/ephemeral-clusters/notifier", null).statusCode()).isEqualTo(403);
        assertThat(as(bridge, "GET", "kv/data/" + MAP, null).statusCode()).isEqualTo(403);
    }

    @Test
    void theReaperReadsTheAllocatorsDocumentsButCannotWriteThem() throws Exception {
        String reaper = login("reaper", token("reaper"));

        assertThat(as(reaper, "GET", "kv/data/" + MAP, null).statusCode()).isEqualTo(200);
        assertThat(as(reaper, "POST", "kv/data/" + MAP, "{\"options\":{\"cas\":1},\"data\":{}}").statusCode()).isEqualTo(403);
        assertThat(as(reaper, "POST", "kv/data/ephemeral-clusters/allocator/clusters/pr-demoapps-42",
                "{\"options\":{\"cas\":0},\"data\":{}}").statusCode()).isEqualTo(403);
        assertThat(as(reaper, "GET", "kv/data/" + KUBECONFIG, null).statusCode()).isEqualTo(403);
    }

    @Test
    void noServiceButTheInstallerThroughItsRoleCreatesTokensAndNoneChangesVaultsSetup() throws Exception {
        for (String service : SERVICES) {
            String token = login(service, token(service));
            assertThat(as(token, "POST", "auth/token/create", "{}").statusCode()).as(service).isEqualTo(403);
            assertThat(as(token, "POST", "auth/token/create-orphan", "{}").statusCode()).as(service).isEqualTo(403);
            int viaRole = as(token, "POST", "auth/token/create/ephemeral-pr-apps",
                    "{\"policies\":[\"ephemeral-app--fullstack-pw--demo-apps\"]}").statusCode();
            assertThat(viaRole).as(service).isEqualTo(service.equals("installer") ? 200 : 403);
            assertThat(as(token, "PUT", "sys/policies/acl/" + service, "{\"policy\":\"path \\\"*\\\" {capabilities=[\\\"sudo\\\"]}\"}")
                    .statusCode()).as(service).isEqualTo(403);
            assertThat(as(token, "POST", "auth/kubernetes/role/" + service, "{}").statusCode()).as(service).isEqualTo(403);
            assertThat(as(token, "POST", "auth/token/roles/ephemeral-pr-apps", "{}").statusCode()).as(service).isEqualTo(403);
        }
    }

    private String setUp() {
        return VaultSetupScript.run(VAULT_DEPLOY.resolve("setup.sh"), vault, Map.of(
                "KUBERNETES_HOST", "https://kubernetes.default.svc",
                "APP_REPOSITORIES", "fullstack-pw/demo-apps"), work);
    }

    private String token(String serviceAccount) {
        return vault.serviceAccountTokens().issue(NAMESPACE, serviceAccount, "vault", Duration.ofHours(1));
    }

    private String login(String role, String jwt) {
        return vault.loginWithKubernetes(role, jwt);
    }

    private int loginStatus(String role, String jwt) throws Exception {
        return as(null, "POST", "auth/kubernetes/login", JSON.writeValueAsString(Map.of("role", role, "jwt", jwt))).statusCode();
    }

    private JsonNode root(String method, String path, String body) throws Exception {
        return JSON.readTree(as(vault.token(), method, path, body).body());
    }

    private HttpResponse<String> as(String token, String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(vault.url() + "/v1/" + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("X-Vault-Token", token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
