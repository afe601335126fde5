package pw.fullstack.ephemeral.bridge.translation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import pw.fullstack.ephemeral.bridge.GitHubPayloads;
import pw.fullstack.ephemeral.bridge.filter.DeliveryFilters;
import pw.fullstack.ephemeral.bridge.options.EnvironmentOptionRules;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;

/** Translators as configured by default, and deliveries of the example payloads. */
final class Translators {

    static final URI SOURCE = URI.create("/ephemeral-clusters/github-bridge");
    static final Instant RECEIVED = Instant.parse("2026-11-28T10:15:30.123Z");
    static final List<String> REPOSITORIES = List.of("Codertocat/*", "fullstack-pw/*", "octo-org/*");

    private Translators() {
    }

    static DeliveryTranslator translator() {
        return translator(filters(Optional.empty(), false, false));
    }

    static DeliveryTranslator translator(DeliveryFilters filters) {
        return translator(filters, EnvironmentOptionRules.none());
    }

    static DeliveryTranslator translator(DeliveryFilters filters, EnvironmentOptionRules options) {
        return new DeliveryTranslator(ClusterNaming.defaults(), filters, options, SOURCE, List.of("create_ephemeral_cluster"),
                List.of("destroy_ephemeral_cluster", "delete_ephemeral_cluster"));
    }

    static DeliveryFilters filters(Optional<String> label, boolean drafts, boolean forks) {
        return DeliveryFilters.of(REPOSITORIES, label, drafts, forks);
    }

    static Delivery pullRequest(String deliveryId, ObjectNode payload) {
        return new Delivery("pull_request", deliveryId, RECEIVED, GitHubPayloads.bytes(payload));
    }

    static Delivery dispatch(String deliveryId, ObjectNode payload, Instant receivedAt) {
        return new Delivery("repository_dispatch", deliveryId, receivedAt, GitHubPayloads.bytes(payload));
    }
}
