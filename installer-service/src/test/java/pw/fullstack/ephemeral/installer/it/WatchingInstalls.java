package pw.fullstack.ephemeral.installer.it;

import java.util.HashMap;
import java.util.Map;

/**
 * {@link FastInstalls} with the periodic pass minutes away: whatever an installation does within a test's seconds, it
 * does because it saw the workload cluster change (its watches), not because the pass came round.
 */
public class WatchingInstalls extends FastInstalls {

    /** Far beyond any wait of a test. */
    static final String PASS_INTERVAL = "10M";

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
        overrides.put("installer.reconcile-interval", PASS_INTERVAL);
        return overrides;
    }
}
