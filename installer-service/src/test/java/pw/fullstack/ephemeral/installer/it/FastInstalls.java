package pw.fullstack.ephemeral.installer.it;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Seconds instead of minutes, so deadlines, misses and stuck installations happen inside a test. */
public class FastInstalls implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                // each wait 3 s; a helm install 3 s + 4 attempts of 2 s + the Job's back-off (70 s): Phase 1 needs 84 s
                "installer.wait-timeout", "3S",
                "installer.phase1.helm-timeout", "2s",
                "installer.phase1-timeout", "90S",
                "installer.dns-check.timeout", "3S",
                "installer.dns-check.query-timeout", "300MS",
                "installer.release.timeout", "4S",
                "installer.workload.unreachable-after", "2S",
                "installer.workload.request-timeout", "2S",
                "installer.stuck-after", "1S",
                "installer.reconcile-interval", "500ms");
    }
}
