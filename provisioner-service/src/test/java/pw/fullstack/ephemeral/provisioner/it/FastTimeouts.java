package pw.fullstack.ephemeral.provisioner.it;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Seconds instead of minutes, so deadlines and stuck teardowns happen inside a test; a site's SSH key, to see the
 * template settings reach the applied objects; and the seed's merged PR_KUBECONFIG entry on, so every flow keeps it
 * (off, it asks Vault nothing: MergedKubeconfigEntryTest).
 */
public class FastTimeouts implements QuarkusTestProfile {

    public static final String SSH_KEY =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGqOwhrGtaBU/3TJnF3m9uK2P+AF4TGSirxIPDRv6kvn ops@example, on call";

    public static final String MERGED_KUBECONFIG_PATH = "cluster-secret-store/secrets";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "provisioner.provisioning-timeout", "6S",
                "provisioner.teardown-stuck-after", "2S",
                "provisioner.dns-release-timeout", "8S",
                "provisioner.reconcile-interval", "1s",
                "provisioner.ready-conditions", "Available",
                "provisioner.probe.timeout", "3S",
                "provisioner.retry.initial-backoff", "50ms",
                "provisioner.retry.max-backoff", "300ms",
                "provisioner.template.ssh-authorized-keys[0]", SSH_KEY,
                "provisioner.vault.merged-kubeconfig-path", MERGED_KUBECONFIG_PATH);
    }
}
