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
import pw.fullstack.ephemeral.contracts.naming.NameForm;

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

    /**
     * How the repository's name appears in cluster and DNS names: {@code compact} ({@code pr-cksbackend-42},
     * the seed's README) or {@code as-given} ({@code pr-cks-backend-42}, the seed's workflows); see
     * {@code ClusterNaming}. Must equal every other service's.
     */
    @WithDefault(ClusterNaming.DEFAULT_FORM)
    NameForm nameForm();

    default ClusterNaming naming() {
        return new ClusterNaming(dnsDomain(), homeOwner(), shortNameRepositories(), nameForm());
    }

    /** How long a delivery waits for the broker to acknowledge its event before the answer is 503. */
    @WithDefault("5s")
    Duration publishTimeout();

    /** Deliveries remembered for {@code GET /deliveries}. */
    @WithDefault("100")
    int recentDeliveries();

    /**
     * Deliveries (guids) this instance remembers having published, and redeliveries it asked for: a
     * delivery published again is answered without publishing, and the redelivery pass asks for none of
     * them. At least the deliveries of GitHub's three days.
     */
    @WithDefault("10000")
    int rememberedDeliveries();

    Webhook webhook();

    Filters filters();

    Dispatch dispatch();

    InstallPostgres installPostgres();

    Redelivery redelivery();

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
     * The pass that asks GitHub to redeliver the deliveries that failed (GitHub never retries on its
     * own). Off unless credentials are given: a GitHub App's id and private key (the App's webhook,
     * {@code /app/hook/deliveries}), or a token and the repository or organisation webhooks it may read.
     */
    interface Redelivery {

        /** GitHub's REST API (GitHub Enterprise Server: {@code https://<host>/api/v3}). */
        @WithDefault("https://api.github.com")
        URI apiUrl();

        App app();

        /** A token allowed to read and redeliver the webhooks in {@link #hooks()} (classic: {@code admin:repo_hook} / {@code admin:org_hook}). */
        Optional<String> token();

        /** With a token: {@code owner/name:<hook id>} for a repository webhook, {@code org:<hook id>} for an organisation's. */
        Optional<List<String>> hooks();

        /** How often the pass runs; the first pass is one interval after start. */
        @WithDefault("5m")
        Duration interval();

        /** Only deliveries this recent are considered: GitHub keeps (and redelivers) those of the last three days. */
        @WithDefault("72h")
        Duration maxAge();

        /** Redelivery requests per pass, over all webhooks. */
        @WithDefault("20")
        int maxRequestsPerPass();

        /** Redeliveries of one event (counted in GitHub's log) after which the pass gives up on it and says so. */
        @WithDefault("3")
        int maxRedeliveries();

        /** Pages of 100 deliveries read per webhook and pass. */
        @WithDefault("10")
        int maxPages();

        /** Each call to GitHub's API. */
        @WithDefault("10s")
        Duration requestTimeout();

        interface App {

            /** The GitHub App's id (its settings page), whose webhook delivers to this bridge. */
            Optional<String> id();

            /** The App's private key, PEM as GitHub hands it out (PKCS#1) or PKCS#8. */
            Optional<String> privateKey();
        }
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
