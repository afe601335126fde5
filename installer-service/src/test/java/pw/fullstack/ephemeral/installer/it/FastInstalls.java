package pw.fullstack.ephemeral.installer.it;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Seconds instead of minutes, so deadlines, misses and stuck installations happen inside a test. */
public class FastInstalls implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                // each wait 3 s; a helm install 3 s + 4 attempts of 2 s + the Job's back-off (70 s): Phase 1 needs 84 s
                Map.entry("installer.wait-timeout", "3S"),
                Map.entry("installer.phase1.helm-timeout", "2s"),
                Map.entry("installer.phase1-timeout", "90S"),
                Map.entry("installer.dns-check.timeout", "3S"),
                Map.entry("installer.dns-check.query-timeout", "300MS"),
                Map.entry("installer.release.timeout", "4S"),
                Map.entry("installer.workload.unreachable-after", "2S"),
                Map.entry("installer.workload.request-timeout", "2S"),
                Map.entry("installer.stuck-after", "1S"),
                Map.entry("installer.tls.sync-interval", "1S"),
                Map.entry("installer.reconcile-interval", "500ms"));
    }
}
