package pw.fullstack.ephemeral.provisioner.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Config;
import io.quarkus.vault.client.VaultClient;
import io.quarkus.vault.client.http.jdk.JDKVaultHttpClient;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.kv.KvDocuments;
import pw.fullstack.ephemeral.kv.VaultUnavailableException;
import pw.fullstack.ephemeral.kv.Versioned;
import pw.fullstack.ephemeral.testkit.vault.VaultEmulator;

/** The PR_KUBECONFIG entry in Vault, shared by writers that must not lose each other's contexts. */
class MergedKubeconfigEntryTest {

    private static final String PATH = "cluster-secret-store/secrets";

    private VaultEmulator vault;
    private VaultClient client;
    private KvDocuments documents;

    @BeforeEach
    void start() {
        vault = VaultEmulator.start();
        client = VaultClient.builder().baseUrl(vault.url())
                .executor(new JDKVaultHttpClient(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()))
                .clientToken(vault.token()).requestTimeout(Duration.ofSeconds(10)).maxRetries(0).build();
        documents = new KvDocuments(client, "kv", Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        vault.close();
    }

    private MergedKubeconfigEntry entry() {
        return new MergedKubeconfigEntry(documents, Optional.of(PATH));
    }

    private static String kubeconfig(String cluster, int octet) {
        return MergedKubeconfigTest.clusterApiKubeconfig(cluster, "https://192.168.1." + octet + ":6443", "S0VZ");
    }

    private Config stored() {
        return MergedKubeconfig.parse((String) vault.read("kv", PATH).orElseThrow().get(MergedKubeconfigEntry.FIELD));
    }

    @Test
    void twoClustersReadyAtOnceAreBothThereAndATeardownLeavesTheOther() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        vault.delayResponses(Duration.ofMillis(50)); // both read the same version before either writes
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (String cluster : List.of("pr-a-1", "pr-b-2")) {
            done.add(threads.submit(() -> {
                go.await();
                entry().add(cluster, kubeconfig(cluster, cluster.equals("pr-a-1") ? 140 : 150));
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : done) {
            f.get(30, TimeUnit.SECONDS);
        }
        threads.shutdown();
        vault.delayResponses(Duration.ZERO);

        assertThat(MergedKubeconfig.contextNames(stored())).containsExactlyInAnyOrder("pr-a-1", "pr-b-2");

        entry().remove("pr-a-1");

        assertThat(MergedKubeconfig.contextNames(stored())).containsExactly("pr-b-2");
        assertThat(stored().getClusters()).singleElement()
                .satisfies(c -> assertThat(c.getCluster().getServer()).isEqualTo("https://192.168.1.150:6443"));
    }

    /**
     * Deterministically what the race above makes likely: another writer adds its cluster between this one's read
     * and its write. Check-and-set refuses the stale write; this one reads again and keeps both.
     */
    @Test
    void aWriterThatLostTheRaceReadsAgainInsteadOfDroppingTheOthersContext() {
        AtomicBoolean interleaved = new AtomicBoolean();
        KvDocuments racing = new KvDocuments(client, "kv", Duration.ofSeconds(10)) {
            @Override
            public Versioned<Map<String, Object>> read(String path) {
                Versioned<Map<String, Object>> read = super.read(path);
                if (interleaved.compareAndSet(false, true)) {
                    entry().add("pr-b-2", kubeconfig("pr-b-2", 150));
                }
                return read;
            }
        };
        new MergedKubeconfigEntry(racing, Optional.of(PATH)).add("pr-a-1", kubeconfig("pr-a-1", 140));

        assertThat(interleaved).isTrue();
        assertThat(MergedKubeconfig.contextNames(stored())).containsExactlyInAnyOrder("pr-a-1", "pr-b-2");
    }

    @Test
    void manyClustersAtOnceLoseNothing() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        vault.casConflictNext(5);
        List<Future<Object>> done = IntStream.range(0, 8).mapToObj(i -> threads.submit(() -> {
            entry().add("pr-c-" + i, kubeconfig("pr-c-" + i, 100 + i));
            return (Object) null;
        })).toList();
        for (Future<Object> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        threads.shutdown();

        assertThat(MergedKubeconfig.contextNames(stored())).hasSize(8);
    }

    @Test
    void aReplayedReadinessWritesNothing() {
        entry().add("pr-a-1", kubeconfig("pr-a-1", 140));
        entry().add("pr-b-2", kubeconfig("pr-b-2", 150));
        int version = vault.currentVersion("kv", PATH);

        entry().add("pr-a-1", kubeconfig("pr-a-1", 140));
        entry().remove("pr-z-9");

        assertThat(vault.currentVersion("kv", PATH)).isEqualTo(version);
        assertThat(stored().getCurrentContext()).isEqualTo("pr-b-2");
    }

    @Test
    void theDocumentsOtherFieldsAreKept() {
        vault.write("kv", PATH, Map.of("CLOUDFLARE_API_TOKEN", "cf", "POSTGRES_PASSWORD", "pg"));

        entry().add("pr-a-1", kubeconfig("pr-a-1", 140));
        entry().remove("pr-a-1");

        assertThat(vault.read("kv", PATH).orElseThrow()).containsEntry("CLOUDFLARE_API_TOKEN", "cf")
                .containsEntry("POSTGRES_PASSWORD", "pg").containsKey(MergedKubeconfigEntry.FIELD);
        assertThat(MergedKubeconfig.contextNames(stored())).isEmpty();
    }

    @Test
    void vaultUnavailableIsThrownForTheCallerToRetryAndTheContextArrivesOnceItIsBack() {
        vault.seal();
        assertThatThrownBy(() -> entry().add("pr-a-1", kubeconfig("pr-a-1", 140))).isInstanceOf(VaultUnavailableException.class);
        assertThatThrownBy(() -> entry().remove("pr-a-1")).isInstanceOf(VaultUnavailableException.class);
        vault.unseal();

        entry().add("pr-a-1", kubeconfig("pr-a-1", 140));

        assertThat(MergedKubeconfig.contextNames(stored())).containsExactly("pr-a-1");
    }

    @Test
    void anEntryThatIsNotAKubeconfigIsLeftAsItIs() {
        vault.write("kv", PATH, Map.of(MergedKubeconfigEntry.FIELD, "hand-edited: [oops"));
        int version = vault.currentVersion("kv", PATH);

        entry().add("pr-a-1", kubeconfig("pr-a-1", 140));
        entry().remove("pr-a-1");

        assertThat(vault.currentVersion("kv", PATH)).isEqualTo(version);
        assertThat(vault.read("kv", PATH).orElseThrow()).containsEntry(MergedKubeconfigEntry.FIELD, "hand-edited: [oops");
    }

    @Test
    void offByDefaultItAsksVaultNothing() {
        MergedKubeconfigEntry off = new MergedKubeconfigEntry(documents, Optional.empty());
        long requests = vault.requestCount();

        off.add("pr-a-1", kubeconfig("pr-a-1", 140));
        off.remove("pr-a-1");

        assertThat(off.enabled()).isFalse();
        assertThat(vault.requestCount()).isEqualTo(requests);
        assertThat(vault.read("kv", PATH)).isEmpty();
    }

    @Test
    void aPathThatIsNotAPlainKvPathIsRefused() {
        for (String path : List.of("../sys/policy", "a//b", "/abs", "with space")) {
            assertThatThrownBy(() -> new MergedKubeconfigEntry(documents, Optional.of(path)))
                    .as(path).hasMessageContaining("provisioner.vault.merged-kubeconfig-path");
        }
    }
}
