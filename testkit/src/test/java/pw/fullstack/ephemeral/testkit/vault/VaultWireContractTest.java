package pw.fullstack.ephemeral.testkit.vault;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Byte-level replies, for clients other than quarkus-vault (curl in the shell tooling, a hand-made request). */
class VaultWireContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private VaultEmulator vault;

    @BeforeEach
    void startVault() {
        vault = VaultEmulator.start();
    }

    @AfterEach
    void stopVault() {
        vault.close();
    }

    @Test
    void answersAWriteWithTheNewVersionDirectlyUnderData() throws Exception {
        HttpResponse<String> written = send("POST", "/v1/kv/data/team/secret", "{\"options\":{\"cas\":0},\"data\":{\"k\":\"v\"}}");

        JsonNode body = JSON.readTree(written.body());
        assertThat(written.statusCode()).isEqualTo(200);
        assertThat(body.at("/data/version").asInt()).isEqualTo(1);
        assertThat(body.at("/data/deletion_time").asText()).isEmpty();
        assertThat(body.at("/data/destroyed").asBoolean()).isFalse();
        assertThat(body.at("/data/custom_metadata").isNull()).isTrue();
        assertThat(body.get("lease_id").asText()).isEmpty();
        assertThat(body.has("wrap_info")).isTrue();
    }

    @Test
    void readsTheLatestVersionForABareOrEmptyVersionParameter() throws Exception {
        send("PUT", "/v1/kv/data/key", "{\"data\":{\"v\":\"1\"}}");
        send("PUT", "/v1/kv/data/key", "{\"data\":{\"v\":\"2\"}}");

        for (String query : new String[] {"?version", "?version=", "", "?version=0"}) {
            JsonNode body = JSON.readTree(send("GET", "/v1/kv/data/key" + query, null).body());
            assertThat(body.at("/data/data/v").asText()).as(query).isEqualTo("2");
            assertThat(body.at("/data/metadata/version").asInt()).as(query).isEqualTo(2);
        }
        assertThat(JSON.readTree(send("GET", "/v1/kv/data/key?version=1", null).body()).at("/data/data/v").asText()).isEqualTo("1");
    }

    @Test
    void answersASoftDeletedVersionWith404AndItsMetadataAsVaultDoes() throws Exception {
        send("POST", "/v1/kv/data/key", "{\"data\":{\"v\":\"1\"}}");
        assertThat(send("DELETE", "/v1/kv/data/key", null).statusCode()).isEqualTo(204);

        HttpResponse<String> read = send("GET", "/v1/kv/data/key", null);

        JsonNode body = JSON.readTree(read.body());
        assertThat(read.statusCode()).isEqualTo(404);
        assertThat(body.at("/data/data").isNull()).isTrue();
        assertThat(body.at("/data/metadata/version").asInt()).isEqualTo(1);
        assertThat(body.at("/data/metadata/deletion_time").asText()).isNotEmpty();
    }

    @Test
    void rejectsAMissingTokenWithPermissionDenied() throws Exception {
        HttpResponse<String> denied = http.send(HttpRequest.newBuilder(URI.create(vault.url() + "/v1/kv/data/key")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.body()).isEqualTo("{\"errors\":[\"permission denied\"]}");
    }

    @Test
    void rejectsAMalformedJsonBodyWithVaultsParsingError() throws Exception {
        HttpResponse<String> rejected = send("POST", "/v1/kv/data/key", "{\"data\":");

        assertThat(rejected.statusCode()).isEqualTo(400);
        assertThat(rejected.body()).isEqualTo("{\"errors\":[\"error parsing JSON\"]}");
        assertThat(vault.currentVersion("kv", "key")).isZero();
    }

    @Test
    void answersAMissingSecretAndAnUnknownPathWithAnEmptyErrorList() throws Exception {
        for (String path : new String[] {"/v1/kv/data/absent", "/v1/kv/metadata/absent", "/v1/other-mount/data/x", "/v1/kv/nonsense/x"}) {
            HttpResponse<String> reply = send("GET", path, null);
            assertThat(reply.statusCode()).as(path).isEqualTo(404);
            assertThat(reply.body()).as(path).isEqualTo("{\"errors\":[]}");
        }
    }

    @Test
    void listsAFolderWithTheListMethodAndWithListTrue() throws Exception {
        send("POST", "/v1/kv/data/clusters/pr-a-1/kubeconfig", "{\"data\":{\"k\":\"v\"}}");
        send("POST", "/v1/kv/data/clusters/ip-allocations", "{\"data\":{\"k\":\"v\"}}");

        JsonNode viaListMethod = JSON.readTree(send("LIST", "/v1/kv/metadata/clusters/", null).body());
        JsonNode viaQuery = JSON.readTree(send("GET", "/v1/kv/metadata/clusters?list=true", null).body());

        assertThat(viaListMethod.at("/data/keys").toString()).isEqualTo("[\"ip-allocations\",\"pr-a-1/\"]");
        assertThat(viaQuery.at("/data/keys")).isEqualTo(viaListMethod.at("/data/keys"));
        assertThat(send("LIST", "/v1/kv/metadata/empty/", null).statusCode()).isEqualTo(404);
    }

    @Test
    void refusesAWriteWithoutCasToAKeyWhoseMetadataRequiresItAndAcceptsOneWithCas() throws Exception {
        send("POST", "/v1/kv/data/ephemeral-clusters/ip-allocations", "{\"data\":{\"192.168.1.140\":\"pr-a-1\"}}");
        // what `vault kv metadata put -cas-required=true kv/ephemeral-clusters/ip-allocations` sends
        assertThat(send("POST", "/v1/kv/metadata/ephemeral-clusters/ip-allocations", "{\"cas_required\":\"true\"}").statusCode())
                .isEqualTo(204);

        HttpResponse<String> blind = send("POST", "/v1/kv/data/ephemeral-clusters/ip-allocations", "{\"data\":{}}");
        HttpResponse<String> checked = send("POST", "/v1/kv/data/ephemeral-clusters/ip-allocations",
                "{\"options\":{\"cas\":1},\"data\":{}}");

        assertThat(blind.statusCode()).isEqualTo(400);
        assertThat(blind.body()).isEqualTo("{\"errors\":[\"check-and-set parameter required for this call\"]}");
        assertThat(checked.statusCode()).isEqualTo(200);
        assertThat(vault.currentVersion("kv", "ephemeral-clusters/ip-allocations")).isEqualTo(2);
        JsonNode metadata = JSON.readTree(send("GET", "/v1/kv/metadata/ephemeral-clusters/ip-allocations", null).body());
        assertThat(metadata.at("/data/cas_required").asBoolean()).isTrue();
        // another key of the mount is not affected
        assertThat(send("POST", "/v1/kv/data/ephemeral-clusters/pr-a-1/kubeconfig", "{\"data\":{\"value\":\"k\"}}").statusCode())
                .isEqualTo(200);
    }

    @Test
    void aKeyMadeCasRequiredBeforeItsFirstWriteHasNoVersionAndTakesCasZero() throws Exception {
        send("POST", "/v1/kv/metadata/queue", "{\"cas_required\":true}");

        assertThat(send("GET", "/v1/kv/data/queue", null).statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(send("GET", "/v1/kv/metadata/queue", null).body()).at("/data/current_version").asInt()).isZero();
        assertThat(send("POST", "/v1/kv/data/queue", "{\"data\":{\"entries\":[]}}").statusCode()).isEqualTo(400);
        assertThat(send("POST", "/v1/kv/data/queue", "{\"options\":{\"cas\":0},\"data\":{\"entries\":[]}}").statusCode())
                .isEqualTo(200);
    }

    @Test
    void refusesEveryWriteWithoutCasOnceTheMountsConfigRequiresIt() throws Exception {
        assertThat(send("POST", "/v1/kv/config", "{\"cas_required\":true}").statusCode()).isEqualTo(204);

        HttpResponse<String> blind = send("POST", "/v1/kv/data/any/key", "{\"data\":{\"k\":\"v\"}}");

        assertThat(blind.statusCode()).isEqualTo(400);
        assertThat(blind.body()).isEqualTo("{\"errors\":[\"check-and-set parameter required for this call\"]}");
        assertThat(JSON.readTree(send("GET", "/v1/kv/config", null).body()).at("/data/cas_required").asBoolean()).isTrue();
        // the key's own metadata says false, as Vault reports it: the mount's setting still applies
        send("POST", "/v1/kv/data/any/key", "{\"options\":{\"cas\":0},\"data\":{\"k\":\"v\"}}");
        assertThat(JSON.readTree(send("GET", "/v1/kv/metadata/any/key", null).body()).at("/data/cas_required").asBoolean()).isFalse();
    }

    @Test
    void reportsHealthyAndThenSealedOnSysHealth() throws Exception {
        HttpResponse<String> healthy = send("GET", "/v1/sys/health", null);
        vault.seal();
        HttpResponse<String> sealed = send("GET", "/v1/sys/health", null);
        HttpResponse<String> sealedRead = send("GET", "/v1/kv/data/key", null);

        assertThat(healthy.statusCode()).isEqualTo(200);
        JsonNode health = JSON.readTree(healthy.body());
        assertThat(health.get("initialized").asBoolean()).isTrue();
        assertThat(health.get("sealed").asBoolean()).isFalse();
        assertThat(health.get("standby").asBoolean()).isFalse();
        assertThat(health.get("version").asText()).isEqualTo("1.15.0");
        assertThat(sealed.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(sealed.body()).get("sealed").asBoolean()).isTrue();
        assertThat(sealedRead.statusCode()).isEqualTo(503);
        assertThat(sealedRead.body()).isEqualTo("{\"errors\":[\"Vault is sealed\"]}");
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(vault.url() + path))
                .header("X-Vault-Token", vault.token())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
