package pw.fullstack.ephemeral.testkit.vault;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.vault.client.VaultClient;
import io.quarkus.vault.client.http.jdk.JDKVaultHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static pw.fullstack.ephemeral.testkit.vault.StandaloneVaultClient.await;

/**
 * Vault's Kubernetes auth method over HTTP, as an operator sets it up (enable, config, a role per service) and as a
 * pod logs in with its projected service-account token: what it gets, and every refusal with the plugin's status and
 * message.
 */
class VaultKubernetesAuthTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAMESPACE = "ephemeral-clusters";
    private static final String ALLOCATOR_POLICY = """
            path "kv/data/ephemeral-clusters/ip-allocations" { capabilities = ["read", "create", "update"] }
            """;

    private final HttpClient http = HttpClient.newHttpClient();
    private VaultEmulator vault;

    @BeforeEach
    void setUpKubernetesAuth() throws Exception {
        vault = VaultEmulator.start();
        vault.write("kv", "ephemeral-clusters/ip-allocations", Map.of("192.168.1.140", "pr-a-1"));
        vault.write("kv", "ephemeral-clusters/pr-a-1/kubeconfig", Map.of("value", "apiVersion: v1"));
        assertThat(root("POST", "/v1/sys/auth/kubernetes", "{\"type\":\"kubernetes\"}").statusCode()).isEqualTo(204);
        assertThat(root("POST", "/v1/auth/kubernetes/config", "{\"kubernetes_host\":\"https://kubernetes.default.svc\"}")
                .statusCode()).isEqualTo(204);
        root("PUT", "/v1/sys/policies/acl/allocator", JSON.writeValueAsString(Map.of("policy", ALLOCATOR_POLICY)));
        // what `vault write auth/kubernetes/role/allocator ...` sends: every value a string
        assertThat(root("POST", "/v1/auth/kubernetes/role/allocator", """
                {"bound_service_account_names": "allocator", "bound_service_account_namespaces": "ephemeral-clusters",
                 "audience": "vault", "token_policies": "allocator", "token_ttl": "1h", "token_max_ttl": "4h"}""")
                .statusCode()).isEqualTo(204);
    }

    @AfterEach
    void stopVault() {
        vault.close();
    }

    @Test
    void aBoundServiceAccountsTokenLogsInWithoutAVaultTokenAndGetsTheRolesPolicyAndTtl() throws Exception {
        String jwt = vault.serviceAccountTokens().issue(NAMESPACE, "allocator", "vault", Duration.ofHours(1));

        HttpResponse<String> login = anonymous("POST", "/v1/auth/kubernetes/login", loginBody("allocator", jwt));

        assertThat(login.statusCode()).isEqualTo(200);
        JsonNode auth = JSON.readTree(login.body()).get("auth");
        assertThat(auth.get("client_token").asText()).isNotBlank();
        assertThat(auth.get("accessor").asText()).isNotBlank();
        assertThat(auth.get("policies").toString()).isEqualTo("[\"allocator\",\"default\"]");
        assertThat(auth.get("lease_duration").asLong()).isEqualTo(3600);
        assertThat(auth.get("renewable").asBoolean()).isTrue();
        assertThat(auth.get("orphan").asBoolean()).isTrue();
        assertThat(auth.at("/metadata/role").asText()).isEqualTo("allocator");
        assertThat(auth.at("/metadata/service_account_name").asText()).isEqualTo("allocator");
        assertThat(auth.at("/metadata/service_account_namespace").asText()).isEqualTo(NAMESPACE);
        assertThat(auth.at("/metadata/service_account_uid").asText()).isNotBlank();
        String token = auth.get("client_token").asText();
        assertThat(as(token, "GET", "/v1/kv/data/ephemeral-clusters/ip-allocations").statusCode()).isEqualTo(200);
        assertThat(as(token, "GET", "/v1/kv/data/ephemeral-clusters/pr-a-1/kubeconfig").statusCode()).isEqualTo(403);
        JsonNode self = JSON.readTree(as(token, "GET", "/v1/auth/token/lookup-self").body()).get("data");
        assertThat(self.get("path").asText()).isEqualTo("auth/kubernetes/login");
        assertThat(self.get("display_name").asText()).isEqualTo("kubernetes-ephemeral-clusters-allocator");
    }

    @Test
    void refusesALoginWithoutRoleOrJwtOrWithAnUnknownRoleWith400AsThePluginDoes() throws Exception {
        String jwt = vault.serviceAccountTokens().issue(NAMESPACE, "allocator", "vault", Duration.ofHours(1));

        assertThat(anonymous("POST", "/v1/auth/kubernetes/login", "{\"jwt\":\"" + jwt + "\"}"))
                .satisfies(reply -> assertRefused(reply, 400, "missing role"));
        assertThat(anonymous("POST", "/v1/auth/kubernetes/login", "{\"role\":\"allocator\"}"))
                .satisfies(reply -> assertRefused(reply, 400, "missing jwt"));
        assertThat(anonymous("POST", "/v1/auth/kubernetes/login", loginBody("provisioner", jwt)))
                .satisfies(reply -> assertRefused(reply, 400, "invalid role name \"provisioner\""));
    }

    @Test
    void refusesAnotherServiceAccountAnotherNamespaceAndAnotherAudienceWith403() throws Exception {
        String notifiers = vault.serviceAccountTokens().issue(NAMESPACE, "notifier", "vault", Duration.ofHours(1));
        String elsewhere = vault.serviceAccountTokens().issue("default", "allocator", "vault", Duration.ofHours(1));
        String forTheApiServer = vault.serviceAccountTokens().issue(NAMESPACE, "allocator", "https://kubernetes.default.svc",
                Duration.ofHours(1));

        assertRefused(anonymous("POST", "/v1/auth/kubernetes/login", loginBody("allocator", notifiers)), 403,
                "service account name not authorized");
        assertRefused(anonymous("POST", "/v1/auth/kubernetes/login", loginBody("allocator", elsewhere)), 403,
                "namespace not authorized");
        assertRefused(anonymous("POST", "/v1/auth/kubernetes/login", loginBody("allocator", forTheApiServer)), 403,
                "invalid audience (aud) claim");
    }

    @Test
    void refusesATokenTheClusterDidNotIssueOrNoLongerAuthenticatesWithPermissionDenied() throws Exception {
        String notifiers = vault.serviceAccountTokens().issue(NAMESPACE, "notifier", "vault", Duration.ofHours(1));
        String[] parts = notifiers.split("\\.");
        ObjectNode claims = (ObjectNode) JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        ((ObjectNode) claims.at("/kubernetes.io/serviceaccount")).put("name", "allocator");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(JSON.writeValueAsBytes(claims)) + "." + parts[2];
        String ofADeletedAccount = vault.serviceAccountTokens().issue(NAMESPACE, "allocator", "vault", Duration.ofHours(1));
        vault.serviceAccountTokens().deleteServiceAccount(NAMESPACE, "allocator");

        assertRefused(anonymous("POST", "/v1/auth/kubernetes/login", loginBody("allocator", forged)), 403, "permission denied");
        assertRefused(anonymous("POST", "/v1/auth/kubernetes/login", loginBody("allocator", ofADeletedAccount)), 403,
                "permission denied");
        assertRefused(anonymous("POST", "/v1/auth/kubernetes/login", loginBody("allocator", "not-a-jwt")), 403, "permission denied");
    }

    @Test
    void refusesAnExpiredTokenAndALoginTokenOutlivingItsTtl() throws Exception {
        String jwt = vault.serviceAccountTokens().issue(NAMESPACE, "allocator", "vault", Duration.ofMinutes(10));
        String token = vault.loginWithKubernetes("allocator", jwt);

        vault.advanceClock(Duration.ofMinutes(61));

        assertRefused(anonymous("POST", "/v1/auth/kubernetes/login", loginBody("allocator", jwt)), 403,
                "invalid expiration (exp) claim: token is expired");
        assertThat(as(token, "GET", "/v1/kv/data/ephemeral-clusters/ip-allocations").statusCode()).isEqualTo(403);
    }

    @Test
    void renewsALoginTokenUpToItsMaxTtl() throws Exception {
        String jwt = vault.serviceAccountTokens().issue(NAMESPACE, "allocator", "vault", Duration.ofHours(1));
        String token = vault.loginWithKubernetes("allocator", jwt);

        vault.advanceClock(Duration.ofMinutes(50));
        HttpResponse<String> renewed = as(token, "POST", "/v1/auth/token/renew-self");
        vault.advanceClock(Duration.ofMinutes(50));

        assertThat(renewed.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(renewed.body()).at("/auth/lease_duration").asLong()).isEqualTo(3600);
        assertThat(as(token, "GET", "/v1/kv/data/ephemeral-clusters/ip-allocations").statusCode()).as("100 min after login")
                .isEqualTo(200);
        long lease = 0;
        for (int renewal = 2; renewal <= 4; renewal++) {
            lease = JSON.readTree(as(token, "POST", "/v1/auth/token/renew-self").body()).at("/auth/lease_duration").asLong();
            vault.advanceClock(Duration.ofMinutes(50));
        }
        assertThat(lease).as("renewed 200 min after login: capped at token_max_ttl 4h").isBetween(Duration.ofMinutes(40).toSeconds() - 5, Duration.ofMinutes(40).toSeconds());
        assertThat(as(token, "GET", "/v1/kv/data/ephemeral-clusters/ip-allocations").statusCode()).isEqualTo(403);
    }

    @Test
    void keepsTheConfigAndRolesAnOperatorWroteAndRefusesARoleWithoutBoundAccounts() throws Exception {
        JsonNode role = JSON.readTree(root("GET", "/v1/auth/kubernetes/role/allocator", null).body()).get("data");
        JsonNode methods = JSON.readTree(root("GET", "/v1/sys/auth", null).body()).get("data");

        assertThat(role.get("bound_service_account_names").toString()).isEqualTo("[\"allocator\"]");
        assertThat(role.get("audience").asText()).isEqualTo("vault");
        assertThat(role.get("token_policies").toString()).isEqualTo("[\"allocator\"]");
        assertThat(role.get("token_ttl").asLong()).isEqualTo(3600);
        assertThat(methods.has("kubernetes/")).isTrue();
        assertThat(methods.at("/kubernetes~1/type").asText()).isEqualTo("kubernetes");
        assertThat(JSON.readTree(root("GET", "/v1/auth/kubernetes/config", null).body()).at("/data/kubernetes_host").asText())
                .isEqualTo("https://kubernetes.default.svc");
        assertRefused(root("POST", "/v1/sys/auth/kubernetes", "{\"type\":\"kubernetes\"}"), 400, "path is already in use at kubernetes/");
        assertRefused(root("POST", "/v1/auth/kubernetes/role/empty", "{\"bound_service_account_namespaces\":\"x\"}"), 400,
                "\"bound_service_account_names\" can not be empty");
        assertRefused(root("POST", "/v1/auth/kubernetes/config", "{}"), 400, "no host provided");
    }

    @Test
    void aTokenWithoutPolicyOnTheAuthMethodCannotChangeItsRoles() throws Exception {
        String jwt = vault.serviceAccountTokens().issue(NAMESPACE, "allocator", "vault", Duration.ofHours(1));
        String token = vault.loginWithKubernetes("allocator", jwt);

        assertThat(as(token, "POST", "/v1/auth/kubernetes/role/allocator").statusCode()).isEqualTo(403);
        assertThat(as(token, "GET", "/v1/sys/auth").statusCode()).isEqualTo(403);
    }

    @Test
    void quarkusVaultsKubernetesLoginReadsTheTokenFileAndUsesWhatItGets(@TempDir Path directory) throws IOException {
        Path tokenFile = directory.resolve("token");
        Files.writeString(tokenFile, vault.serviceAccountTokens().issue(NAMESPACE, "allocator", "vault", Duration.ofHours(1)),
                StandardCharsets.UTF_8);
        VaultClient client = VaultClient.builder()
                .baseUrl(vault.url())
                .executor(new JDKVaultHttpClient(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()))
                .kubernetes("allocator", tokenFile)
                .requestTimeout(Duration.ofSeconds(10))
                .build();

        Map<String, Object> allocations = await(client.secrets().kv2("kv").readSecret("ephemeral-clusters/ip-allocations")).getData();

        assertThat(allocations).containsEntry("192.168.1.140", "pr-a-1");
    }

    private static String loginBody(String role, String jwt) throws IOException {
        return JSON.writeValueAsString(Map.of("role", role, "jwt", jwt));
    }

    private static void assertRefused(HttpResponse<String> reply, int status, String error) {
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(status);
        try {
            assertThat(JSON.readTree(reply.body()).get("errors").toString()).isEqualTo(JSON.writeValueAsString(new String[] {error}));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private HttpResponse<String> root(String method, String path, String body) throws IOException, InterruptedException {
        return send(vault.token(), method, path, body);
    }

    private HttpResponse<String> as(String token, String method, String path) throws IOException, InterruptedException {
        return send(token, method, path, method.equals("GET") ? null : "{}");
    }

    private HttpResponse<String> anonymous(String method, String path, String body) throws IOException, InterruptedException {
        return send(null, method, path, body);
    }

    private HttpResponse<String> send(String token, String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(vault.url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("X-Vault-Token", token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
