package pw.fullstack.ephemeral.bridge.translation;

import static pw.fullstack.ephemeral.bridge.translation.PullRequestTranslator.required;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import pw.fullstack.ephemeral.bridge.filter.DeliveryFilters;
import pw.fullstack.ephemeral.bridge.github.PullRequestWebhook;
import pw.fullstack.ephemeral.bridge.github.RepositoryDispatchWebhook;
import pw.fullstack.ephemeral.contracts.InvalidInputException;
import pw.fullstack.ephemeral.contracts.pr.BranchName;
import pw.fullstack.ephemeral.contracts.pr.CommitSha;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;
import pw.fullstack.ephemeral.contracts.pr.RepositoryRef;

/**
 * The seed's {@code repository_dispatch}: {@code create_ephemeral_cluster} opens, {@code destroy_ephemeral_cluster}
 * or {@code delete_ephemeral_cluster} closes (the seed's design says the first, its application workflows send
 * the second; the names are configurable). Client payload:
 *
 * <ul>
 *   <li>{@code pr_number} (number or numeric string), {@code repository} ({@code name} — the owner is
 *       then the owner of the repository the dispatch was sent to — or {@code owner/name}): required;</li>
 *   <li>optional: {@code branch} and {@code head_sha} (checked against the PR's head), {@code install_postgres}
 *       (absent: the repository's default, {@code bridge.install-postgres.repositories}).</li>
 * </ul>
 *
 * <p>A dispatch is only a claim: anyone who may dispatch to the receiving repository can name any PR, branch
 * or commit. So this translates it into a {@link DispatchClaim} that GitHub must confirm before anything is
 * published ({@code verification}); the PR's times, head and merge state then come from GitHub, and the
 * payload's {@code opened_at}, {@code closed_at} and {@code merged} are not read.
 */
final class DispatchTranslator {

    private final DeliveryFilters filters;
    private final java.util.Set<String> createTypes;
    private final java.util.Set<String> destroyTypes;

    DispatchTranslator(DeliveryFilters filters, java.util.List<String> createTypes, java.util.List<String> destroyTypes) {
        this.filters = filters;
        this.createTypes = java.util.Set.copyOf(createTypes);
        this.destroyTypes = java.util.Set.copyOf(destroyTypes);
        if (this.createTypes.stream().anyMatch(this.destroyTypes::contains)) {
            throw new IllegalArgumentException("a dispatch event type cannot both open and close: " + createTypes + " / "
                    + destroyTypes);
        }
    }

    Translation translate(RepositoryDispatchWebhook webhook) {
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
        String branch = create ? optionalText(payload, "branch") : null;
        String sha = create ? optionalText(payload, "head_sha") : null;
        return new Translation.Verify(new DispatchClaim(type, create, ref,
                branch == null || branch.isEmpty() ? Optional.empty() : Optional.of(BranchName.of(branch)),
                sha == null || sha.isEmpty() ? Optional.empty() : Optional.of(CommitSha.of(sha)),
                create ? optionalFlag(payload, "install_postgres") : Optional.empty()));
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
}
