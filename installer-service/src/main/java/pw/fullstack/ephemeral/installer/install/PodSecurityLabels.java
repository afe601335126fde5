package pw.fullstack.ephemeral.installer.install;

import java.util.LinkedHashMap;
import java.util.Map;
import pw.fullstack.ephemeral.installer.InstallerConfig.PodSecurityLevel;

/**
 * The Pod Security Admission labels of the app namespace: the level enforced, and warned and
 * audited at the same level, against the latest policy version the cluster knows.
 */
final class PodSecurityLabels {

    private static final String PREFIX = "pod-security.kubernetes.io/";

    private PodSecurityLabels() {
    }

    static Map<String, String> of(PodSecurityLevel level) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String mode : new String[] {"enforce", "warn", "audit"}) {
            labels.put(PREFIX + mode, level.label());
            labels.put(PREFIX + mode + "-version", "latest");
        }
        return labels;
    }
}
