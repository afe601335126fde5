package pw.fullstack.ephemeral.installer.vault;

import java.util.Locale;
import pw.fullstack.ephemeral.contracts.pr.RepositoryRef;

/**
 * Where one repository's app secrets live in Vault and the ACL policy that may read them:
 * {@code <apps-path>/<owner>/<repo>} (the owner included: {@code alice/demo-apps} is not
 * {@code fullstack-pw/demo-apps}) and the policy {@code <prefix><owner>--<repo>}, lower-case as
 * GitHub names are case-insensitive. A GitHub owner has no two hyphens in a row, so the first
 * {@code --} after the prefix separates owner from repository: two repositories never share a policy.
 * The platform team writes each policy (deploy/README); the installer only names it when it mints a
 * cluster's token, so it can never grant a PR more than its own repository's path.
 */
public record AppVaultScope(String secretPath, String policy) {

    public static AppVaultScope of(RepositoryRef repository, String appsPath, String policyPrefix) {
        String owner = repository.owner().toLowerCase(Locale.ROOT);
        String name = repository.name().toLowerCase(Locale.ROOT);
        return new AppVaultScope(trimSlashes(appsPath) + "/" + owner + "/" + name, policyPrefix + owner + "--" + name);
    }

    private static String trimSlashes(String path) {
        return path.replaceAll("^/+|/+$", "");
    }
}
