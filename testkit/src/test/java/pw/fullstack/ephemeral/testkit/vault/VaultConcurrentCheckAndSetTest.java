package pw.fullstack.ephemeral.testkit.vault;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.quarkus.vault.client.VaultClientException;
import io.quarkus.vault.client.api.secrets.kv2.VaultSecretsKV2;
import io.quarkus.vault.client.api.secrets.kv2.VaultSecretsKV2ReadSecretData;
import io.quarkus.vault.client.api.secrets.kv2.VaultSecretsKV2UpdateSecretOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static pw.fullstack.ephemeral.testkit.vault.StandaloneVaultClient.await;

/** The allocator's pattern: read, modify, write with cas = version read, retry on conflict. */
class VaultConcurrentCheckAndSetTest {

    private static final int WRITERS = 4;
    private static final int INCREMENTS_EACH = 10;

    @Test
    void givesEverySuccessfulCheckAndSetWriteItsOwnVersionAndLosesNoUpdate() throws Exception {
        ConcurrentLinkedQueue<Integer> versionsWritten = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Integer> conflicts = new ConcurrentLinkedQueue<>();
        try (VaultEmulator vault = VaultEmulator.start()) {
            VaultSecretsKV2 kv = StandaloneVaultClient.connectedTo(vault).secrets().kv2("kv");
            await(kv.updateSecret("counter", new VaultSecretsKV2UpdateSecretOptions().setCas(0), Map.of("count", 0)));

            ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
            List<Future<Void>> done = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                done.add(writers.submit(incrementer(kv, versionsWritten, conflicts)));
            }
            for (Future<Void> writer : done) {
                writer.get(60, TimeUnit.SECONDS);
            }
            writers.shutdown();

            int total = WRITERS * INCREMENTS_EACH;
            assertThat(versionsWritten).hasSize(total).doesNotHaveDuplicates();
            assertThat(vault.read("kv", "counter").orElseThrow()).containsEntry("count", total);
            assertThat(vault.currentVersion("kv", "counter")).isEqualTo(total + 1);
        }
    }

    private static Callable<Void> incrementer(VaultSecretsKV2 kv, ConcurrentLinkedQueue<Integer> versionsWritten,
            ConcurrentLinkedQueue<Integer> conflicts) {
        return () -> {
            for (int i = 0; i < INCREMENTS_EACH; i++) {
                while (true) {
                    VaultSecretsKV2ReadSecretData read = await(kv.readSecret("counter"));
                    int version = read.getMetadata().getVersion();
                    Map<String, Object> next = new HashMap<>(read.getData());
                    next.put("count", ((Number) next.get("count")).intValue() + 1);
                    try {
                        await(kv.updateSecret("counter", new VaultSecretsKV2UpdateSecretOptions().setCas(version), next));
                        versionsWritten.add(version + 1);
                        break;
                    } catch (CompletionException e) {
                        if (!(e.getCause() instanceof VaultClientException conflict) || conflict.getStatus() != 400) {
                            throw e;
                        }
                        conflicts.add(version);
                    }
                }
            }
            return null;
        };
    }
}
