package pw.fullstack.ephemeral.bridge;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;

/** Every {@code bridge.*} setting; defaults follow the seed. See README.md. */
@ConfigMapping(prefix = "bridge")
public interface BridgeConfig {

    /** CloudEvents source of the events this service publishes. */
    @WithDefault("/ephemeral-clusters/github-bridge")
    URI source();

    /** Domain of the environments' host names; must be the same in every service. */
    @WithDefault(ClusterNaming.DEFAULT_DOMAIN)
    String dnsDomain();

    /** Repositories of this owner may get short cluster names; must be the same in every service. */
    @WithDefault(ClusterNaming.DEFAULT_HOME_OWNER)
    String homeOwner();

    /** The home owner's repositories whose clusters keep the seed's short names; must be the same in every service. */
    @WithDefault("demo-apps,cks-backend,cks-frontend")
    Set<String> shortNameRepositories();

    default ClusterNaming naming() {
        return new ClusterNaming(dnsDomain(), homeOwner(), shortNameRepositories());
    }

    /** How long a delivery waits for the broker to acknowledge its event before the answer is 503. */
    @WithDefault("5s")
    Duration publishTimeout();

    /** Deliveries remembered for {@code GET /deliveries}. */
    @WithDefault("100")
    int recentDeliveries();

    Webhook webhook();

    Filters filters();

    Dispatch dispatch();

    InstallPostgres installPostgres();

    interface Webhook {

        /**
         * The webhook secrets; a delivery signed with any of them is accepted (two during a rotation).
         * Required: the bridge does not start without one.
         */
        List<String> secrets();

        /**
         * Largest body accepted (413 beyond it). Applied as {@code quarkus.http.limits.max-body-size},
         * so an oversized body is refused before it is read.
         */
        @WithDefault("1M")
        MemorySize maxBodySize();
    }

    interface Filters {

        /** {@code owner/name} patterns ({@code *} = any run of characters within a part), case-insensitive. */
        @WithDefault("fullstack-pw/demo-apps,fullstack-pw/cks-backend,fullstack-pw/cks-frontend")
        List<String> repositories();

        /** When set, only PRs carrying this label get an environment; labelling opens, unlabelling closes. */
        Optional<String> label();

        /** Whether draft PRs get an environment; when not, {@code ready_for_review} opens it. */
        @WithDefault("false")
        boolean includeDrafts();

        /** Whether PRs from forks get an environment (their code runs in it). */
        @WithDefault("false")
        boolean includeForks();
    }

    /**
     * Postgres for PRs that come by webhook, which (unlike the seed's dispatch) cannot say
     * {@code install_postgres}.
     */
    interface InstallPostgres {

        /**
         * {@code owner/name} patterns (as {@code filters.repositories}) whose PRs get Postgres by default;
         * also the default of a dispatch that does not say {@code install_postgres}. None by default: the
         * seed's dispatch asks for it per repository, {@code "false"} unless the app needs a database.
         */
        Optional<List<String>> repositories();

        /** A PR carrying this label gets Postgres; labelling an open PR adds it to the live environment. */
        @WithDefault("ephemeral-postgres")
        Optional<String> label();
    }

    interface Dispatch {

        /** {@code repository_dispatch} event types that open (the seed's). */
        @WithDefault("create_ephemeral_cluster")
        List<String> createEventTypes();

        /**
         * {@code repository_dispatch} event types that close: the seed's application workflows send
         * {@code delete_ephemeral_cluster}, its design documents {@code destroy_ephemeral_cluster}; both by default.
         */
        @WithDefault("destroy_ephemeral_cluster,delete_ephemeral_cluster")
        List<String> destroyEventTypes();
    }
}
