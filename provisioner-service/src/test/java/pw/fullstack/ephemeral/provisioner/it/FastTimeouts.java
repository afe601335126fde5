package pw.fullstack.ephemeral.provisioner.it;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Seconds instead of minutes, so deadlines and stuck teardowns happen inside a test. */
public class FastTimeouts implements QuarkusTestProfile {

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
                "provisioner.retry.max-backoff", "300ms");
    }
}
