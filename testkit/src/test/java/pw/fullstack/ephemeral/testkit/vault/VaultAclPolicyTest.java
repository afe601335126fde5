package pw.fullstack.ephemeral.testkit.vault;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tokens and ACL policies as Vault documents them: what a token minted for one PR can and cannot do,
 * over the same HTTP calls a client makes to a real Vault.
 */
class VaultAclPolicyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEMO_APPS_POLICY = """
            # one PR of fullstack-pw/demo-apps
            path "kv/data/apps/fullstack-pw/demo-apps" {
              capabilities = ["read"]
            }
            """;

    private final HttpClient http = HttpClient.newHttpClient();
    private VaultEmulator vault;

    @BeforeEach
    void startVault() throws Exception {
        vault = VaultEmulator.start();
        vault.write("kv", "apps/fullstack-pw/demo-apps", java.util.Map.of("DB_PASSWORD", "demo"));
        vault.write("kv", "apps/alice/demo-apps", java.util.Map.of("DB_PASSWORD", "alice"));
        root("PUT", "/v1/sys/policies/acl/pr-demoapps-42", JSON.writeValueAsString(java.util.Map.of("policy", DEMO_APPS_POLICY)));
        root("POST", "/v1/auth/token/roles/pr-clusters", """
                {"allowed_policies_glob": ["pr-*"], "disallowed_policies": ["root"], "orphan": true,
                 "token_explicit_max_ttl": "73h", "token_no_default_policy": false}""");
    }

    @AfterEach
    void stopVault() {
        vault.close();
    }

    @Test
    void aTokenFromARoleReadsItsOwnAppsPathAndNothingElse() throws Exception {
        String token = createFromRole("{\"policies\": [\"pr-demoapps-42\"], \"ttl\": \"72h\"}").at("/auth/client_token").asText();

        assertThat(as(token, "GET", "/v1/kv/data/apps/fullstack-pw/demo-apps", null).statusCode()).isEqualTo(200);
        HttpResponse<String> other = as(token, "GET", "/v1/kv/data/apps/alice/demo-apps", null);
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.body()).isEqualTo("{\"errors\":[\"permission denied\"]}");
        assertThat(as(token, "POST", "/v1/kv/data/apps/fullstack-pw/demo-apps", "{\"data\":{\"x\":\"y\"}}").statusCode()).isEqualTo(403);
        assertThat(as(token, "LIST", "/v1/kv/metadata/apps/", null).statusCode()).isEqualTo(403);
        assertThat(as(token, "GET", "/v1/sys/policies/acl/pr-demoapps-42", null).statusCode()).isEqualTo(403);
        assertThat(as(token, "POST", "/v1/auth/token/create", "{}").statusCode()).isEqualTo(403);
    }

    @Test
    void answersTokenCreationWithTheAuthBlockVaultSends() throws Exception {
        JsonNode created = createFromRole("{\"policies\": [\"pr-demoapps-42\"], \"ttl\": \"72h\", \"meta\": {\"cluster\": \"pr-demoapps-42\"}}");

        assertThat(created.get("data").isNull()).isTrue();
        assertThat(created.at("/auth/client_token").asText()).startsWith("hvs.");
        assertThat(created.at("/auth/accessor").asText()).isNotBlank();
        assertThat(created.at("/auth/policies").toString()).isEqualTo("[\"default\",\"pr-demoapps-42\"]");
        assertThat(created.at("/auth/lease_duration").asLong()).isEqualTo(Duration.ofHours(72).toSeconds());
        assertThat(created.at("/auth/orphan").asBoolean()).isTrue();
        assertThat(created.at("/auth/metadata/cluster").asText()).isEqualTo("pr-demoapps-42");
    }

    @Test
    void capsTheTtlAtTheRolesExplicitMaximumAndRefusesTheTokenOnceItRunsOut() throws Exception {
        JsonNode created = createFromRole("{\"policies\": [\"pr-demoapps-42\"], \"ttl\": \"800h\"}");
        String token = created.at("/auth/client_token").asText();
        assertThat(created.at("/auth/lease_duration").asLong()).isEqualTo(Duration.ofHours(73).toSeconds());

        vault.advanceClock(Duration.ofHours(72));
        assertThat(as(token, "GET", "/v1/kv/data/apps/fullstack-pw/demo-apps", null).statusCode()).isEqualTo(200);
        vault.advanceClock(Duration.ofHours(1));
        assertThat(as(token, "GET", "/v1/kv/data/apps/fullstack-pw/demo-apps", null).statusCode()).isEqualTo(403);
    }

    @Test
    void revokingByAccessorEndsTheTokenAndASecondRevocationIsAnInvalidAccessor() throws Exception {
        JsonNode created = createFromRole("{\"policies\": [\"pr-demoapps-42\"]}");
        String token = created.at("/auth/client_token").asText();
        String accessor = created.at("/auth/accessor").asText();

        HttpResponse<String> lookedUp = root("POST", "/v1/auth/token/lookup-accessor", "{\"accessor\":\"" + accessor + "\"}");
        assertThat(JSON.readTree(lookedUp.body()).at("/data/id").asText()).as("an accessor never reveals the token").isEmpty();
        assertThat(root("POST", "/v1/auth/token/revoke-accessor", "{\"accessor\":\"" + accessor + "\"}").statusCode()).isEqualTo(204);

        assertThat(as(token, "GET", "/v1/kv/data/apps/fullstack-pw/demo-apps", null).statusCode()).isEqualTo(403);
        HttpResponse<String> again = root("POST", "/v1/auth/token/revoke-accessor", "{\"accessor\":\"" + accessor + "\"}");
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).isEqualTo("{\"errors\":[\"invalid accessor\"]}");
        assertThat(vault.liveTokens()).extracting(IssuedToken::accessor).doesNotContain(accessor);
    }

    @Test
    void aRoleRefusesPoliciesOutsideItsAllowedGlobs() throws Exception {
        HttpResponse<String> refused = root("POST", "/v1/auth/token/create/pr-clusters", "{\"policies\": [\"installer\"]}");
        HttpResponse<String> rootRefused = root("POST", "/v1/auth/token/create/pr-clusters", "{\"policies\": [\"root\"]}");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("must be subset of the role's allowed policies");
        assertThat(rootRefused.statusCode()).isEqualTo(400);
        assertThat(vault.liveTokens()).hasSize(1);
    }

    @Test
    void aCallerNeedsUpdateOnTheRolesCreatePathAndCannotGrantAPolicyItLacksWithoutARole() throws Exception {
        vault.putPolicy("installer", """
                path "auth/token/create/pr-clusters" { capabilities = ["update"] }
                path "auth/token/create" { capabilities = ["update"] }
                """);
        String installer = JSON.readTree(root("POST", "/v1/auth/token/create", "{\"policies\": [\"installer\"]}").body())
                .at("/auth/client_token").asText();

        HttpResponse<String> throughRole = as(installer, "POST", "/v1/auth/token/create/pr-clusters", "{\"policies\": [\"pr-demoapps-42\"]}");
        HttpResponse<String> direct = as(installer, "POST", "/v1/auth/token/create", "{\"policies\": [\"pr-demoapps-42\"]}");
        HttpResponse<String> ownAppsRead = as(installer, "GET", "/v1/kv/data/apps/fullstack-pw/demo-apps", null);

        assertThat(throughRole.statusCode()).isEqualTo(200);
        assertThat(direct.statusCode()).isEqualTo(400);
        assertThat(direct.body()).contains("child policies must be subset of parent");
        assertThat(ownAppsRead.statusCode()).as("minting a reader does not make the minter a reader").isEqualTo(403);
    }

    @Test
    void revokingAParentRevokesItsChildrenButNotItsOrphans() throws Exception {
        vault.putPolicy("minter", """
                path "auth/token/create/pr-clusters" { capabilities = ["update"] }
                path "auth/token/create" { capabilities = ["update"] }
                """);
        JsonNode minter = JSON.readTree(root("POST", "/v1/auth/token/create", "{\"policies\": [\"minter\", \"pr-demoapps-42\"]}").body());
        String minterToken = minter.at("/auth/client_token").asText();
        String orphan = JSON.readTree(as(minterToken, "POST", "/v1/auth/token/create/pr-clusters", "{\"policies\": [\"pr-demoapps-42\"]}").body())
                .at("/auth/client_token").asText();
        String child = JSON.readTree(as(minterToken, "POST", "/v1/auth/token/create", "{\"policies\": [\"pr-demoapps-42\"]}").body())
                .at("/auth/client_token").asText();

        root("POST", "/v1/auth/token/revoke-accessor", "{\"accessor\":\"" + minter.at("/auth/accessor").asText() + "\"}");

        assertThat(as(child, "GET", "/v1/kv/data/apps/fullstack-pw/demo-apps", null).statusCode()).isEqualTo(403);
        assertThat(as(orphan, "GET", "/v1/kv/data/apps/fullstack-pw/demo-apps", null).statusCode()).isEqualTo(200);
    }

    @Test
    void theMostSpecificPatternDecidesAndDenyWinsWithinIt() throws Exception {
        vault.putPolicy("apps-reader", """
                path "kv/data/apps/*" { capabilities = ["read", "list"] }
                path "kv/data/apps/+/secret-*" { capabilities = ["read"] }
                path "kv/data/apps/alice/demo-apps" { capabilities = ["deny"] }
                path "kv/metadata/apps/*" { capabilities = ["list"] }
                """);
        String reader = JSON.readTree(root("POST", "/v1/auth/token/create", "{\"policies\": [\"apps-reader\"]}").body())
                .at("/auth/client_token").asText();

        assertThat(as(reader, "GET", "/v1/kv/data/apps/fullstack-pw/demo-apps", null).statusCode()).isEqualTo(200);
        assertThat(as(reader, "GET", "/v1/kv/data/apps/alice/demo-apps", null).statusCode()).isEqualTo(403);
        assertThat(as(reader, "LIST", "/v1/kv/metadata/apps/", null).statusCode()).isEqualTo(200);
        assertThat(as(reader, "LIST", "/v1/kv/metadata/", null).statusCode()).isEqualTo(403);
    }

    @Test
    void refusesAPolicyItWouldOnlyHalfEnforce() throws Exception {
        HttpResponse<String> refused = root("PUT", "/v1/sys/policies/acl/params", JSON.writeValueAsString(java.util.Map.of("policy", """
                path "kv/data/x" {
                  capabilities = ["update"]
                  allowed_parameters = { "a" = [] }
                }
                """)));
        HttpResponse<String> badCapability = root("PUT", "/v1/sys/policies/acl/typo", JSON.writeValueAsString(java.util.Map.of("policy",
                "path \"kv/data/x\" { capabilities = [\"raed\"] }")));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("failed to parse policy");
        assertThat(badCapability.statusCode()).isEqualTo(400);
        assertThat(vault.policyNames()).doesNotContain("params", "typo");
    }

    @Test
    void readsAPolicyBackAndDeletesIt() throws Exception {
        JsonNode read = JSON.readTree(root("GET", "/v1/sys/policies/acl/pr-demoapps-42", null).body());
        assertThat(read.at("/data/name").asText()).isEqualTo("pr-demoapps-42");
        assertThat(read.at("/data/policy").asText()).isEqualTo(DEMO_APPS_POLICY);

        assertThat(root("DELETE", "/v1/sys/policies/acl/pr-demoapps-42", null).statusCode()).isEqualTo(204);
        assertThat(root("GET", "/v1/sys/policies/acl/pr-demoapps-42", null).statusCode()).isEqualTo(404);
    }

    @Test
    void aTokenLooksItselfUpThroughTheDefaultPolicy() throws Exception {
        String token = createFromRole("{\"policies\": [\"pr-demoapps-42\"], \"ttl\": \"1h\"}").at("/auth/client_token").asText();

        JsonNode self = JSON.readTree(as(token, "GET", "/v1/auth/token/lookup-self", null).body());

        assertThat(self.at("/data/policies").toString()).isEqualTo("[\"default\",\"pr-demoapps-42\"]");
        assertThat(self.at("/data/ttl").asLong()).isBetween(3590L, 3600L);
        assertThat(self.at("/data/role").asText()).isEqualTo("pr-clusters");
    }

    private JsonNode createFromRole(String body) throws Exception {
        HttpResponse<String> created = root("POST", "/v1/auth/token/create/pr-clusters", body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        return JSON.readTree(created.body());
    }

    private HttpResponse<String> root(String method, String path, String body) throws IOException, InterruptedException {
        return as(vault.token(), method, path, body);
    }

    private HttpResponse<String> as(String token, String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        return http.send(HttpRequest.newBuilder(URI.create(vault.url() + path)).header("X-Vault-Token", token).method(method, publisher).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
