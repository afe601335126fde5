package pw.fullstack.ephemeral.bridge.verification;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.time.Duration;
import java.util.Optional;
import pw.fullstack.ephemeral.bridge.github.GitHubApiException;
import pw.fullstack.ephemeral.bridge.translation.DeliveryTranslator;
import pw.fullstack.ephemeral.bridge.translation.DispatchClaim;
import pw.fullstack.ephemeral.bridge.translation.Translation;

/**
 * Confirms a dispatch with GitHub before anything is published: asks GitHub about the PR (on a worker
 * thread, at most {@code bridge.dispatch.verification-timeout}) and lets the translator decide on GitHub's
 * answer. Without GitHub credentials every dispatch is refused: an unconfirmed dispatch is never published.
 */
public final class DispatchVerifier {

    static final String NO_CREDENTIALS = "a dispatch is confirmed with GitHub before anything is published, and the bridge"
            + " has no GitHub credentials (bridge.redelivery.app.* or bridge.redelivery.token)";

    private final DeliveryTranslator translator;
    private final Optional<GitHubPullRequests> github;
    private final Duration timeout;

    public DispatchVerifier(DeliveryTranslator translator, Optional<GitHubPullRequests> github, Duration timeout) {
        this.translator = translator;
        this.github = github;
        this.timeout = timeout;
    }

    /**
     * What the dispatch means once GitHub answered: a publication, a refusal, or nothing to do. Fails with
     * {@link Unavailable} when GitHub could not tell (the delivery is answered 503, to be redelivered), and with
     * the contracts' {@code InvalidInputException} for a PR whose branch the contracts refuse.
     */
    public Uni<Translation> verify(DispatchClaim claim) {
        if (github.isEmpty()) {
            return Uni.createFrom().item(new Translation.Refuse(claim.type(), NO_CREDENTIALS));
        }
        GitHubPullRequests pullRequests = github.get();
        return Uni.createFrom().item(() -> {
                    try {
                        return pullRequests.find(claim.pullRequest(), claim.create() ? translator::opensAnEnvironment : null);
                    } catch (GitHubApiException e) {
                        throw new Unavailable(e.getMessage());
                    }
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .ifNoItem().after(timeout).failWith(() -> new Unavailable("GitHub did not answer about "
                        + claim.pullRequest() + " within " + timeout.toMillis() + " ms"))
                .map(answer -> translator.confirm(claim, answer));
    }

    /** GitHub could not tell whether the dispatch is true: not refused, not published; redeliver it. */
    public static final class Unavailable extends RuntimeException {

        Unavailable(String message) {
            super(message, null, false, false);
        }
    }
}
