package pw.fullstack.ephemeral.bridge.translation;

import static pw.fullstack.ephemeral.bridge.translation.PullRequestTranslator.required;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import pw.fullstack.ephemeral.bridge.filter.DeliveryFilters;
import pw.fullstack.ephemeral.bridge.github.PullRequestWebhook;
import pw.fullstack.ephemeral.bridge.github.RepositoryDispatchWebhook;
import pw.fullstack.ephemeral.bridge.options.EnvironmentOptionRules;
import pw.fullstack.ephemeral.contracts.InvalidInputException;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.contracts.events.PrClosed;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;
import pw.fullstack.ephemeral.contracts.pr.BranchName;
import pw.fullstack.ephemeral.contracts.pr.CommitSha;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;
import pw.fullstack.ephemeral.contracts.pr.RepositoryRef;

/**
 * The seed's {@code repository_dispatch}: {@code create_ephemeral_cluster} → PrOpened,
 * {@code destroy_ephemeral_cluster} or {@code delete_ephemeral_cluster} → PrClosed (the seed's design says
 * the first, its application workflows send the second; the names are configurable). Client payload:
 *
 * <ul>
 *   <li>{@code pr_number} (number or numeric string), {@code repository} ({@code name} — the owner is
 *       then the owner of the repository the dispatch was sent to — or {@code owner/name}): required;</li>
 *   <li>{@code branch}: required to open;</li>
 *   <li>optional: {@code head_sha}, {@code install_postgres} (absent: the repository's default,
 *       {@code bridge.install-postgres.repositories}), {@code opened_at} / {@code closed_at} (ISO-8601),
 *       {@code merged}.</li>
 * </ul>
 *
 * <p>A dispatch carries no PR times. Without {@code opened_at}/{@code closed_at} the time the bridge
 * received the delivery stands in for GitHub's, so a redelivery publishes the same event id with a
 * later time, and a close and a reopen dispatched within moments of each other are ordered by when
 * they arrived. The workflow can send the PR's own times to avoid both.
 */
final class DispatchTranslator {

    private final ClusterNaming naming;
    private final DeliveryFilters filters;
    private final EnvironmentOptionRules options;
    private final URI source;
    private final java.util.Set<String> createTypes;
    private final java.util.Set<String> destroyTypes;

    DispatchTranslator(ClusterNaming naming, DeliveryFilters filters, EnvironmentOptionRules options, URI source,
                       java.util.List<String> createTypes, java.util.List<String> destroyTypes) {
        this.naming = naming;
        this.filters = filters;
        this.options = options;
        this.source = source;
        this.createTypes = java.util.Set.copyOf(createTypes);
        this.destroyTypes = java.util.Set.copyOf(destroyTypes);
        if (this.createTypes.stream().anyMatch(this.destroyTypes::contains)) {
            throw new IllegalArgumentException("a dispatch event type cannot both open and close: " + createTypes + " / "
                    + destroyTypes);
        }
    }

    Translation translate(Delivery delivery, RepositoryDispatchWebhook webhook) {
        String type = required(webhook.action(), "action");
        boolean create = createTypes.contains(type);
        if (!create && !destroyTypes.contains(type)) {
            return new Translation.Ignore(Names.shown(type), "dispatch event type not handled (bridge.dispatch.*)");
        }
        JsonNode payload = webhook.clientPayload();
        if (payload == null || !payload.isObject()) {
            throw new InvalidInputException("client_payload", "is required, as an object");
        }
        RepositoryRef repo = repository(payload, webhook.repository());
        if (!filters.allows(repo)) {
            return new Translation.Ignore(type, "repository not in bridge.filters.repositories");
        }
        PullRequestRef ref = new PullRequestRef(repo, prNumber(payload));
        ClusterName cluster = naming.clusterName(ref);
        if (create) {
            Instant openedAt = time(payload, "opened_at", delivery.receivedAt());
            String sha = optionalText(payload, "head_sha");
            PrOpened opened = new PrOpened(ref, cluster, BranchName.of(requiredText(payload, "branch")),
                    sha == null ? null : CommitSha.of(sha),
                    options.forDispatch(repo, optionalFlag(payload, "install_postgres")), openedAt);
            return publish(delivery, type, opened, openedAt);
        }
        Instant closedAt = time(payload, "closed_at", delivery.receivedAt());
        return publish(delivery, type, new PrClosed(ref, cluster, flag(payload, "merged"), closedAt), closedAt);
    }

    private Translation publish(Delivery delivery, String type, LifecycleEvent event, Instant occurredAt) {
        return new Translation.Publish(Envelopes.of(delivery, source, event, occurredAt), type);
    }

    private static RepositoryRef repository(JsonNode payload, PullRequestWebhook.Repository target) {
        String named = requiredText(payload, "repository");
        if (named.contains("/")) {
            return RepositoryRef.parse(named);
        }
        if (target == null || target.owner() == null || target.owner().login() == null) {
            throw new InvalidInputException("repository.owner.login",
                    "is required when client_payload.repository names no owner");
        }
        return new RepositoryRef(target.owner().login(), named);
    }

    private static int prNumber(JsonNode payload) {
        JsonNode value = payload.get("pr_number");
        if (value == null || value.isNull()) {
            throw new InvalidInputException("client_payload.pr_number", "is required");
        }
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            return value.intValue();
        }
        if (value.isTextual() && value.textValue().matches("[0-9]{1,9}")) {
            return Integer.parseInt(value.textValue());
        }
        throw new InvalidInputException("client_payload.pr_number",
                InvalidInputException.quote(value.isTextual() ? value.textValue() : value.toString())
                        + " is not a pull request number");
    }

    private static String requiredText(JsonNode payload, String field) {
        String value = optionalText(payload, field);
        if (value == null || value.isEmpty()) {
            throw new InvalidInputException("client_payload." + field, "is required");
        }
        return value;
    }

    private static String optionalText(JsonNode payload, String field) {
        JsonNode value = payload.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidInputException("client_payload." + field, "must be a string");
        }
        return value.textValue();
    }

    private static boolean flag(JsonNode payload, String field) {
        return optionalFlag(payload, field).orElse(false);
    }

    /** GitHub Actions renders {@code ${{ ... }}} into strings, so {@code "true"} counts as true. */
    private static Optional<Boolean> optionalFlag(JsonNode payload, String field) {
        JsonNode value = payload.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (value.isBoolean()) {
            return Optional.of(value.booleanValue());
        }
        if (value.isTextual() && (value.textValue().equalsIgnoreCase("true") || value.textValue().equalsIgnoreCase("false"))) {
            return Optional.of(Boolean.parseBoolean(value.textValue()));
        }
        throw new InvalidInputException("client_payload." + field, "must be true or false");
    }

    private static Instant time(JsonNode payload, String field, Instant fallback) {
        String value = optionalText(payload, field);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("client_payload." + field,
                    InvalidInputException.quote(value) + " is not an ISO-8601 time such as 2026-11-28T10:15:30Z");
        }
    }
}
