package pw.fullstack.ephemeral.testkit.vault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import io.quarkus.vault.client.VaultClient;
import io.quarkus.vault.client.VaultClientException;
import io.quarkus.vault.client.api.secrets.kv2.VaultSecretsKV2;
import io.quarkus.vault.client.api.secrets.kv2.VaultSecretsKV2ReadSecretData;
import io.quarkus.vault.client.api.secrets.kv2.VaultSecretsKV2ReadSecretMetadataResultData;
import io.quarkus.vault.client.api.secrets.kv2.VaultSecretsKV2UpdateSecretOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pw.fullstack.ephemeral.testkit.vault.StandaloneVaultClient.await;
import static pw.fullstack.ephemeral.testkit.vault.StandaloneVaultClient.failureOf;

/** The emulator as quarkus-vault's low-level client sees it: what the allocator and provisioner rely on. */
class VaultKv2ContractTest {

    private static final String ALLOCATIONS = "ephemeral-clusters/ip-allocations";

    private VaultEmulator vault;
    private VaultClient client;
    private VaultSecretsKV2 kv;

    @BeforeEach
    void startVault() {
        vault = VaultEmulator.builder().mount(KvMount.named("kv")).mount(KvMount.casRequired("strict")).start();
        client = StandaloneVaultClient.connectedTo(vault);
        kv = client.secrets().kv2("kv");
    }

    @AfterEach
    void stopVault() {
        vault.close();
    }

    @Test
    void readsBackWhatWasWrittenWithItsVersionMetadata() {
        await(kv.updateSecret(ALLOCATIONS, null, Map.of("192.168.1.140", "pr-shop-1")));
        await(kv.updateSecret(ALLOCATIONS, null, Map.of("192.168.1.140", "pr-shop-1", "192.168.1.141", "pr-api-2")));

        VaultSecretsKV2ReadSecretData read = await(kv.readSecret(ALLOCATIONS));

        assertThat(read.getData()).containsExactlyInAnyOrderEntriesOf(Map.of("192.168.1.140", "pr-shop-1", "192.168.1.141", "pr-api-2"));
        assertThat(read.getMetadata().getVersion()).isEqualTo(2);
        assertThat(read.getMetadata().getCreatedTime()).isNotNull();
        assertThat(read.getMetadata().getDeletionTime()).isNull();
        assertThat(read.getMetadata().isDestroyed()).isFalse();
    }

    @Test
    void createsWithCasZeroOnlyWhileTheKeyDoesNotExist() {
        await(kv.updateSecret(ALLOCATIONS, cas(0), Map.of("first", "writer")));

        VaultClientException second = failureOf(kv.updateSecret(ALLOCATIONS, cas(0), Map.of("second", "writer")));

        assertThat(second.getStatus()).isEqualTo(400);
        assertThat(second.getErrors()).containsExactly("check-and-set parameter did not match the current version");
        assertThat(vault.read("kv", ALLOCATIONS)).contains(Map.of("first", "writer"));
    }

    @Test
    void rejectsAStaleCheckAndSetWithVaultsExactErrorBody() {
        await(kv.updateSecret(ALLOCATIONS, cas(0), Map.of("v", "1")));
        await(kv.updateSecret(ALLOCATIONS, cas(1), Map.of("v", "2")));

        assertThatThrownBy(() -> await(kv.updateSecret(ALLOCATIONS, cas(1), Map.of("v", "stale"))))
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOfSatisfying(VaultClientException.class, e -> {
                    assertThat(e.getStatus()).isEqualTo(400);
                    assertThat(e.getErrors()).containsExactly("check-and-set parameter did not match the current version");
                });
        assertThat(vault.currentVersion("kv", ALLOCATIONS)).isEqualTo(2);
    }

    @Test
    void requiresCheckAndSetOnAMountConfiguredWithCasRequired() {
        VaultSecretsKV2 strict = client.secrets().kv2("strict");

        VaultClientException unconditional = failureOf(strict.updateSecret("key", null, Map.of("a", "b")));
        await(strict.updateSecret("key", cas(0), Map.of("a", "b")));

        assertThat(unconditional.getStatus()).isEqualTo(400);
        assertThat(unconditional.getErrors()).containsExactly("check-and-set parameter required for this call");
        assertThat(vault.currentVersion("strict", "key")).isEqualTo(1);
    }

    @Test
    void deniesAWrongTokenWith403PermissionDenied() {
        VaultClient intruder = StandaloneVaultClient.withToken(vault, "not-the-token");

        VaultClientException denied = failureOf(intruder.secrets().kv2("kv").readSecret(ALLOCATIONS));

        assertThat(denied.getStatus()).isEqualTo(403);
        assertThat(denied.getErrors()).containsExactly("permission denied");
        assertThat(denied.isPermissionDenied()).isTrue();
    }

    @Test
    void answersASecretThatWasNeverWrittenWith404() {
        VaultClientException missing = failureOf(kv.readSecret("ephemeral-clusters/pr-nobody-1/kubeconfig"));

        assertThat(missing.getStatus()).isEqualTo(404);
        // Vault's body is {"errors":[]}; the client reports that as no errors at all.
        assertThat(missing.getErrors()).isNullOrEmpty();
    }

    @Test
    void readsTheLatestVersionWhenTheClientAsksForANullVersion() {
        await(kv.updateSecret(ALLOCATIONS, null, Map.of("v", "1")));
        await(kv.updateSecret(ALLOCATIONS, null, Map.of("v", "2")));

        VaultSecretsKV2ReadSecretData latest = await(kv.readSecret(ALLOCATIONS, null));
        VaultSecretsKV2ReadSecretData first = await(kv.readSecret(ALLOCATIONS, 1));

        assertThat(latest.getData()).containsEntry("v", "2");
        assertThat(latest.getMetadata().getVersion()).isEqualTo(2);
        assertThat(first.getData()).containsEntry("v", "1");
        assertThat(first.getMetadata().getVersion()).isEqualTo(1);
    }

    @Test
    void hidesASoftDeletedLatestVersionButKeepsTheOlderOnes() {
        await(kv.updateSecret(ALLOCATIONS, null, Map.of("v", "1")));
        await(kv.updateSecret(ALLOCATIONS, null, Map.of("v", "2")));

        await(kv.deleteSecret(ALLOCATIONS));

        assertThat(failureOf(kv.readSecret(ALLOCATIONS)).getStatus()).isEqualTo(404);
        assertThat(await(kv.readSecret(ALLOCATIONS, 1)).getData()).containsEntry("v", "1");
        assertThat(vault.read("kv", ALLOCATIONS)).isEmpty();
        assertThat(vault.currentVersion("kv", ALLOCATIONS)).isEqualTo(2);
    }

    @Test
    void reportsEveryVersionInTheMetadataAndForgetsTheKeyWhenTheMetadataIsDeleted() {
        await(kv.updateSecret(ALLOCATIONS, null, Map.of("v", "1")));
        await(kv.updateSecret(ALLOCATIONS, null, Map.of("v", "2")));
        await(kv.deleteSecret(ALLOCATIONS));

        VaultSecretsKV2ReadSecretMetadataResultData metadata = await(kv.readSecretMetadata(ALLOCATIONS));

        assertThat(metadata.getCurrentVersion()).isEqualTo(2);
        assertThat(metadata.getOldestVersion()).isEqualTo(1);
        assertThat(metadata.isCasRequired()).isFalse();
        assertThat(metadata.getVersions()).containsOnlyKeys("1", "2");
        assertThat(metadata.getVersions().get("1").getDeletionTime()).isNull();
        assertThat(metadata.getVersions().get("2").getDeletionTime()).isNotNull();

        await(kv.deleteSecretMetadata(ALLOCATIONS));

        assertThat(failureOf(kv.readSecretMetadata(ALLOCATIONS)).getStatus()).isEqualTo(404);
        assertThat(vault.currentVersion("kv", ALLOCATIONS)).isZero();
    }

    @Test
    void listsTheKeysAndSubFoldersOfAFolder() {
        await(kv.updateSecret("ephemeral-clusters/ip-allocations", null, Map.of("a", "b")));
        await(kv.updateSecret("ephemeral-clusters/pr-shop-1/kubeconfig", null, Map.of("a", "b")));
        await(kv.updateSecret("ephemeral-clusters/pr-api-2/kubeconfig", null, Map.of("a", "b")));

        List<String> keys = await(kv.listSecrets("ephemeral-clusters"));

        assertThat(keys).containsExactly("ip-allocations", "pr-api-2/", "pr-shop-1/");
        // Vault answers an empty folder with 404; the client turns that into an empty list.
        assertThat(await(kv.listSecrets("nothing-here"))).isEmpty();
    }

    @Test
    void answersEveryRequestWith503WhileSealed() {
        await(kv.updateSecret(ALLOCATIONS, null, Map.of("v", "1")));

        vault.seal();
        VaultClientException sealed = failureOf(kv.readSecret(ALLOCATIONS));
        vault.unseal();

        assertThat(sealed.getStatus()).isEqualTo(503);
        assertThat(sealed.getErrors()).containsExactly("Vault is sealed");
        assertThat(await(kv.readSecret(ALLOCATIONS)).getData()).containsEntry("v", "1");
    }

    @Test
    void failsExactlyTheNextRequestsWithTheInjectedStatus() {
        await(kv.updateSecret(ALLOCATIONS, null, Map.of("v", "1")));

        vault.failNext(2, 500);

        VaultClientException first = failureOf(kv.readSecret(ALLOCATIONS));
        VaultClientException second = failureOf(kv.updateSecret(ALLOCATIONS, cas(1), Map.of("v", "2")));
        VaultSecretsKV2ReadSecretData third = await(kv.readSecret(ALLOCATIONS));

        assertThat(List.of(first.getStatus(), second.getStatus())).containsExactly(500, 500);
        assertThat(first.getErrors()).containsExactly("internal error");
        assertThat(third.getMetadata().getVersion()).isEqualTo(1);
    }

    @Test
    void refusesConnectionsWhileStoppedAndKeepsItsDataAcrossARestartOnTheSamePort() {
        await(kv.updateSecret(ALLOCATIONS, null, Map.of("192.168.1.140", "pr-shop-1")));
        String urlBefore = vault.url();

        vault.stop();
        assertThatThrownBy(() -> await(kv.readSecret(ALLOCATIONS)))
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(java.net.ConnectException.class);
        vault.restartOnSamePort();

        assertThat(vault.url()).isEqualTo(urlBefore);
        VaultSecretsKV2ReadSecretData read = await(kv.readSecret(ALLOCATIONS));
        assertThat(read.getData()).containsEntry("192.168.1.140", "pr-shop-1");
        assertThat(read.getMetadata().getVersion()).isEqualTo(1);
    }

    @Test
    void holdsEachResponseForTheConfiguredDelay() {
        await(kv.updateSecret(ALLOCATIONS, null, Map.of("v", "1")));
        vault.delayResponses(Duration.ofMillis(300));

        long started = System.nanoTime();
        await(kv.readSecret(ALLOCATIONS));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        vault.delayResponses(Duration.ZERO);

        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void countsTheRequestsItReceived() {
        long before = vault.requestCount();

        await(kv.updateSecret(ALLOCATIONS, null, Map.of("v", "1")));
        failureOf(kv.readSecret("absent"));

        assertThat(vault.requestCount() - before).isEqualTo(2);
    }

    private static VaultSecretsKV2UpdateSecretOptions cas(int expectedVersion) {
        return new VaultSecretsKV2UpdateSecretOptions().setCas(expectedVersion);
    }
}
