package pw.fullstack.ephemeral.bridge.translation;

import java.net.URI;
import pw.fullstack.ephemeral.bridge.filter.DeliveryFilters;
import pw.fullstack.ephemeral.bridge.github.GitHubJson;
import pw.fullstack.ephemeral.bridge.github.PullRequestWebhook;
import pw.fullstack.ephemeral.bridge.github.RepositoryDispatchWebhook;
import pw.fullstack.ephemeral.bridge.options.EnvironmentOptionRules;
import pw.fullstack.ephemeral.contracts.InvalidInputException;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;

/**
 * What an authenticated delivery means: a pure function of the delivery, the naming rules, the
 * filters and the option rules (no clock but the delivery's receipt time, no I/O). Raises {@link InvalidInputException},
 * with a message safe to return to the sender, for a payload the saga must refuse.
 */
public final class DeliveryTranslator {

    public static final String PING = "ping";
    public static final String PULL_REQUEST = "pull_request";
    public static final String REPOSITORY_DISPATCH = "repository_dispatch";

    private final PullRequestTranslator pullRequests;
    private final DispatchTranslator dispatches;

    public DeliveryTranslator(ClusterNaming naming, DeliveryFilters filters, EnvironmentOptionRules options, URI source,
                              java.util.List<String> dispatchCreateTypes, java.util.List<String> dispatchDestroyTypes) {
        this.pullRequests = new PullRequestTranslator(naming, filters, options, source);
        this.dispatches = new DispatchTranslator(naming, filters, options, source, dispatchCreateTypes, dispatchDestroyTypes);
    }

    public Translation translate(Delivery delivery) {
        return switch (delivery.event()) {
            case PING -> new Translation.Pong();
            case PULL_REQUEST -> pullRequests.translate(delivery, read(delivery, PullRequestWebhook.class));
            case REPOSITORY_DISPATCH -> dispatches.translate(delivery, read(delivery, RepositoryDispatchWebhook.class));
            default -> new Translation.Ignore(null, "event " + delivery.event() + " not handled");
        };
    }

    private static <T> T read(Delivery delivery, Class<T> type) {
        if (delivery.body().length == 0) {
            throw new InvalidInputException("body", "is empty");
        }
        return GitHubJson.read(delivery.body(), type);
    }
}
