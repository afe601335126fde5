package pw.fullstack.ephemeral.testkit.schema.admission;

import java.util.List;

/** The mirrored validating webhooks of the providers this project pins. */
public final class ProviderWebhooks {

    private ProviderWebhooks() {
    }

    /**
     * Cluster API's Cluster webhook and the Proxmox provider's ProxmoxCluster webhook. cluster-api-k3s
     * v0.3.1's validating webhooks allow everything (they only default), so none is mirrored for it.
     */
    public static List<AdmissionWebhook> all() {
        return List.of(new ClusterWebhook(), new ProxmoxClusterWebhook());
    }
}
