package pw.fullstack.ephemeral.reaper.pass;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.vault.client.VaultClient;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;
import pw.fullstack.ephemeral.messaging.LifecyclePublisher;
import pw.fullstack.ephemeral.reaper.ReaperConfig;
import pw.fullstack.ephemeral.reaper.expiry.ExpiryDecisions;
import pw.fullstack.ephemeral.reaper.expiry.ExpiryPolicy;
import pw.fullstack.ephemeral.reaper.history.HistoryRecorder;
import pw.fullstack.ephemeral.reaper.metrics.ReaperMetrics;
import pw.fullstack.ephemeral.reaper.tools.ToolsClusterReader;
import pw.fullstack.ephemeral.reaper.vault.ReaperVault;

/** Wires the plain classes (which tests also build by hand, e.g. as a second replica) from the settings. */
@Singleton
public class ReaperProducers {

    @Produces
    @Singleton
    ClusterNaming naming(ReaperConfig config) {
        return new ClusterNaming(config.dnsDomain(), config.homeOwner(), config.shortNameRepositories(), config.nameForm());
    }

    @Produces
    @Singleton
    ReaperVault vault(VaultClient client, ReaperConfig config) {
        ReaperConfig.Vault vault = config.vault();
        return new ReaperVault(client, vault.mount(), vault.allocationsPath(), vault.allocatorRecordsPath(), vault.statePath(),
                vault.requestTimeout());
    }

    @Produces
    @Singleton
    ToolsClusterReader tools(KubernetesClient client) {
        return new ToolsClusterReader(client);
    }

    @Produces
    @Singleton
    HistoryRecorder recorder(ReaperVault vault) {
        return new HistoryRecorder(vault);
    }

    @Produces
    @Singleton
    ReaperPass pass(ToolsClusterReader tools, ReaperVault vault, LifecyclePublisher publisher, ExpiryPolicy policy,
                    ClusterNaming naming, ReaperConfig config, ReaperMetrics metrics) {
        ExpiryPublisher brokerAcknowledged = envelope -> publisher.publish(envelope).await().atMost(config.publishTimeout());
        return new ReaperPass(tools, vault, brokerAcknowledged, new ExpiryDecisions(policy, naming), config.source(),
                config.dryRun(), config.resendAfter(), Clock.systemUTC(), metrics);
    }
}
