package pw.fullstack.ephemeral.notifier.auth;

/**
 * How the notifier authenticates to GitHub: as a GitHub App installation or with a token. Values
 * returned here are secrets: they go into the {@code Authorization} header and nowhere else.
 */
public interface GitHubCredentials {

    /** The {@code Authorization} header value for calls about {@code owner/repo}. */
    String authorization(String owner, String repo);

    /** The credential for {@code owner} was refused (401): forget it, so the next call gets a fresh one. */
    void invalidate(String owner);

    /** The login the notifier's comments and deployments carry, e.g. {@code my-app[bot]}. */
    String botLogin(String owner, String repo);

    /**
     * Requests with the same key share one rate-limit budget and are serialised: the installation's
     * account for an App (an App has one installation per account), one key for a token.
     */
    String lane(String owner);

    /** For ops: which way it authenticates (never the secret). */
    String describe();
}
