package pw.fullstack.ephemeral.notifier.github;

import java.time.Duration;

/**
 * A GitHub call that did not succeed, classified by what the caller should do. Messages carry
 * GitHub's status and message, never a credential.
 */
public abstract sealed class GitHubException extends RuntimeException {

    GitHubException(String message, Throwable cause) {
        super(message, cause, false, false);
    }

    /** Rate limited (primary or secondary): wait {@link #waitFor()}, then try again. */
    public static final class RateLimited extends GitHubException {
        private final Duration waitFor;
        private final String kind;

        public RateLimited(String message, Duration waitFor, String kind) {
            super(message, null);
            this.waitFor = waitFor;
            this.kind = kind;
        }

        public Duration waitFor() {
            return waitFor;
        }

        /** {@code primary} or {@code secondary}. */
        public String kind() {
            return kind;
        }
    }

    /** GitHub did not answer usefully (5xx, timeout, connection refused): try again later. */
    public static final class Unavailable extends GitHubException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** 401: the credential was refused (an expired installation token is renewed once and the call repeated). */
    public static final class Unauthorized extends GitHubException {
        public Unauthorized(String message) {
            super(message, null);
        }
    }

    /** Any other 4xx: trying again will not help (missing permission, unknown repository, invalid request). */
    public static final class Refused extends GitHubException {
        private final int status;

        public Refused(int status, String message) {
            super(message, null);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
