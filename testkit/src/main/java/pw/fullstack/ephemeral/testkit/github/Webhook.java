package pw.fullstack.ephemeral.testkit.github;

import java.net.URI;
import java.util.Objects;

/**
 * A webhook the double delivers events to, as GitHub keeps one: a GitHub App's webhook, or one
 * configured on a repository or an organisation. Its deliveries are listed and redelivered through
 * the REST API ({@code /app/hook/deliveries}, {@code /repos/{owner}/{repo}/hooks/{hook_id}/deliveries},
 * {@code /orgs/{org}/hooks/{hook_id}/deliveries}).
 *
 * @param id     {@code X-GitHub-Hook-ID}
 * @param kind   whose webhook it is
 * @param target {@code owner/name} of a repository hook, the organisation of an organisation hook, the App's slug
 * @param url    where deliveries are POSTed
 * @param secret signs each delivery ({@code X-Hub-Signature-256}); never shown by {@link #toString()}
 */
public record Webhook(long id, Kind kind, String target, URI url, String secret) {

    public enum Kind {
        APP("integration"), REPOSITORY("repository"), ORGANIZATION("organization");

        private final String targetType;

        Kind(String targetType) {
            this.targetType = targetType;
        }

        /** {@code X-GitHub-Hook-Installation-Target-Type}. */
        public String targetType() {
            return targetType;
        }
    }

    public Webhook {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(target);
        Objects.requireNonNull(url);
        Objects.requireNonNull(secret);
    }

    @Override
    public String toString() {
        return "Webhook[" + id + ", " + kind + " " + target + " -> " + url + ", secret hidden]";
    }
}
