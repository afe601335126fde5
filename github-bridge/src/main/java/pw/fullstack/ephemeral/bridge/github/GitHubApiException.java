package pw.fullstack.ephemeral.bridge.github;

/**
 * GitHub's API could not be reached, or answered something the caller cannot go on with: the redelivery pass
 * ends (the next one starts over), a dispatch is answered 503 (redelivered later).
 */
public final class GitHubApiException extends Exception {

    private final int status;

    public GitHubApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** The HTTP status; 0 when there was no answer. */
    public int status() {
        return status;
    }
}
