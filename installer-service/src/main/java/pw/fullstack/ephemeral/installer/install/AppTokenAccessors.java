package pw.fullstack.ephemeral.installer.install;

import java.util.Arrays;
import java.util.List;

/**
 * The accessors of the Vault tokens a cluster was given, kept on its {@code Cluster} object across
 * runs (not part of a run's state): a reopened PR's new run revokes the old run's token, and teardown
 * revokes whatever is listed. Accessors are not secrets; they can only look a token up or revoke it.
 */
final class AppTokenAccessors {

    static final String ANNOTATION = InstallAnnotations.PREFIX + "vault-token-accessors";

    private AppTokenAccessors() {
    }

    static List<String> parse(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(a -> !a.isEmpty()).distinct().toList();
    }

    static String format(List<String> accessors) {
        return String.join(",", accessors.stream().distinct().toList());
    }
}
