package pw.fullstack.ephemeral.bridge.redelivery;

/** GitHub's API could not be reached, or answered something the pass cannot go on with (the pass ends; the next one starts over). */
public final class GitHubApiException extends Exception {

    private final int status;

    GitHubApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** The HTTP status; 0 when there was no answer. */
    public int status() {
        return status;
    }
}
