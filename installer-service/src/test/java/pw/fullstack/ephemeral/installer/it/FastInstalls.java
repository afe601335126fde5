package pw.fullstack.ephemeral.installer.it;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Seconds instead of minutes, so deadlines, misses and stuck installations happen inside a test. */
public class FastInstalls implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "installer.phase1-timeout", "15S",
                "installer.dns-check.timeout", "3S",
                "installer.dns-check.query-timeout", "300MS",
                "installer.release.timeout", "4S",
                "installer.workload.unreachable-after", "2S",
                "installer.workload.request-timeout", "2S",
                "installer.stuck-after", "1S",
                "installer.reconcile-interval", "500ms");
    }
}
