package pw.fullstack.ephemeral.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.vault.client.VaultClient;
import io.quarkus.vault.client.http.jdk.JDKVaultHttpClient;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.testkit.vault.VaultEmulator;

/** {@link KvDocuments} against the testkit's Vault emulator, through quarkus-vault's low-level client. */
class KvDocumentsTest {

    private static final String MOUNT = VaultEmulator.DEFAULT_MOUNT;
    private static final String PATH = "ephemeral-clusters/some-service/state";

    private VaultEmulator vault;
    private VaultClient client;
    private KvDocuments documents;

    @BeforeEach
    void start() {
        vault = VaultEmulator.start();
        client = client(vault);
        documents = new KvDocuments(client, MOUNT, Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        vault.stop();
    }

    @Test
    void readsAnAbsentDocumentAsVersionZero() {
        assertThat(documents.read(PATH)).isEqualTo(new Versioned<>(null, 0));

        assertThat(documents.write(PATH, Map.of("a", "1"), 0)).isTrue();
        assertThat(documents.read(PATH)).isEqualTo(new Versioned<>(Map.of("a", "1"), 1));
    }

    @Test
    void readsASoftDeletedLatestVersionAsAbsent() throws Exception {
        vault.write(MOUNT, PATH, Map.of("a", "1"));
        client.secrets().kv2(MOUNT).deleteSecret(PATH).toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(documents.read(PATH)).isEqualTo(new Versioned<>(null, 0));
    }

    @Test
    void writesTheNextVersionAgainstTheVersionRead() {
        vault.write(MOUNT, PATH, Map.of("a", "1"));
        Versioned<Map<String, Object>> read = documents.read(PATH);

        assertThat(documents.write(PATH, Map.of("a", "2"), read.version())).isTrue();

        assertThat(vault.currentVersion(MOUNT, PATH)).isEqualTo(2);
        assertThat(vault.read(MOUNT, PATH)).contains(Map.of("a", "2"));
    }

    @Test
    void refusesAWriteWhoseVersionIsStale() {
        vault.write(MOUNT, PATH, Map.of("a", "1"));
        int stale = documents.read(PATH).version();
        vault.write(MOUNT, PATH, Map.of("a", "someone else's"));

        assertThat(documents.write(PATH, Map.of("a", "mine"), stale)).isFalse();
        assertThat(documents.write(PATH, Map.of("a", "mine"), 0)).as("create only, but it exists").isFalse();

        assertThat(vault.currentVersion(MOUNT, PATH)).isEqualTo(2);
        assertThat(vault.read(MOUNT, PATH)).contains(Map.of("a", "someone else's"));
    }

    @Test
    void reportsALostCheckAndSetRaceAsAConflictNotAsUnavailable() {
        vault.casConflictNext(1);

        assertThat(documents.write(PATH, Map.of("a", "1"), 0)).isFalse();
        assertThat(documents.write(PATH, Map.of("a", "1"), 0)).as("read again, decide again, write").isTrue();
    }

    @Test
    void reportsASealedVaultAsUnavailableNamingThePath() {
        vault.seal();

        assertThatThrownBy(() -> documents.read(PATH)).isInstanceOf(VaultUnavailableException.class)
                .hasMessageStartingWith("Vault read " + PATH + " failed: status 503")
                .hasMessageContaining("sealed");
        assertThatThrownBy(() -> documents.write(PATH, Map.of("a", "1"), 0)).isInstanceOf(VaultUnavailableException.class)
                .hasMessageStartingWith("Vault write " + PATH + " failed: status 503");
        assertThatThrownBy(() -> documents.destroy(PATH)).isInstanceOf(VaultUnavailableException.class)
                .hasMessageStartingWith("Vault destroy " + PATH + " failed: status 503");
        assertThatThrownBy(() -> documents.list("ephemeral-clusters")).isInstanceOf(VaultUnavailableException.class)
                .hasMessageStartingWith("Vault list ephemeral-clusters failed: status 503");
    }

    @Test
    void reportsAServerErrorAndAStoppedVaultAsUnavailable() {
        vault.failNext(1, 500);
        assertThatThrownBy(() -> documents.write(PATH, Map.of("a", "1"), 0)).isInstanceOf(VaultUnavailableException.class)
                .hasMessageStartingWith("Vault write " + PATH + " failed: status 500");
        assertThat(vault.currentVersion(MOUNT, PATH)).isZero();

        vault.stop();
        assertThatThrownBy(() -> documents.read(PATH)).isInstanceOf(VaultUnavailableException.class)
                .hasMessageStartingWith("Vault read " + PATH + " failed: ");
    }

    @Test
    void givesUpWaitingAfterTheTimeout() {
        KvDocuments impatient = new KvDocuments(client, MOUNT, Duration.ofMillis(300));
        vault.delayResponses(Duration.ofSeconds(3));

        long started = System.nanoTime();
        assertThatThrownBy(() -> impatient.read(PATH)).isInstanceOf(VaultUnavailableException.class)
                .hasMessageStartingWith("Vault read " + PATH + " (no answer within PT0.3S) failed");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void listsTheKeysOfAFolder() {
        vault.write(MOUNT, "ephemeral-clusters/ended-runs/pr-1", Map.of("a", "1"));
        vault.write(MOUNT, "ephemeral-clusters/ended-runs/pr-2", Map.of("a", "1"));
        vault.write(MOUNT, "ephemeral-clusters/ended-runs/archive/pr-0", Map.of("a", "1"));
        vault.write(MOUNT, "ephemeral-clusters/other", Map.of("a", "1"));

        assertThat(documents.list("ephemeral-clusters/ended-runs")).containsExactlyInAnyOrder("archive/", "pr-1", "pr-2");
    }

    @Test
    void listsAnAbsentFolderAsEmpty() {
        vault.write(MOUNT, "ephemeral-clusters/other", Map.of("a", "1"));

        assertThat(documents.list("ephemeral-clusters/ended-runs")).isEmpty();
    }

    @Test
    void destroysEveryVersion() {
        vault.write(MOUNT, PATH, Map.of("a", "1"));
        vault.write(MOUNT, PATH, Map.of("a", "2"));

        documents.destroy(PATH);

        assertThat(vault.currentVersion(MOUNT, PATH)).isZero();
        assertThat(documents.read(PATH)).isEqualTo(new Versioned<>(null, 0));
        assertThat(documents.write(PATH, Map.of("a", "new"), 0)).as("created anew").isTrue();
        assertThat(vault.currentVersion(MOUNT, PATH)).isEqualTo(1);
    }

    @Test
    void destroysAnAbsentDocumentWithoutComplaint() {
        documents.destroy(PATH);

        assertThat(vault.currentVersion(MOUNT, PATH)).isZero();
    }

    @Test
    void overwritesWhateverVersionIsThere() {
        vault.write(MOUNT, PATH, Map.of("a", "1"));

        documents.overwrite(PATH, Map.of("a", "2"));

        assertThat(vault.currentVersion(MOUNT, PATH)).isEqualTo(2);
        assertThat(vault.read(MOUNT, PATH)).contains(Map.of("a", "2"));
    }

    @Test
    void namesDocumentsByMountAndPath() {
        assertThat(documents.mount()).isEqualTo(MOUNT);
        assertThat(documents.document(PATH)).isEqualTo(MOUNT + "/" + PATH);
    }

    private static VaultClient client(VaultEmulator vault) {
        return VaultClient.builder()
                .baseUrl(vault.url())
                .executor(new JDKVaultHttpClient(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()))
                .clientToken(vault.token())
                .requestTimeout(Duration.ofSeconds(10))
                .maxRetries(0)
                .build();
    }
}
