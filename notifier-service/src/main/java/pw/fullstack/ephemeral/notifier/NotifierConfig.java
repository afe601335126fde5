package pw.fullstack.ephemeral.notifier;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;
import pw.fullstack.ephemeral.contracts.naming.NameForm;

/** Every {@code notifier.*} setting; defaults follow the seed. See README.md. */
@ConfigMapping(prefix = "notifier")
public interface NotifierConfig {

    /** Domain of the environments' DNS names (must equal every other service's). */
    @WithDefault("ephemeral.fullstack.pw")
    String dnsDomain();

    /** Repositories of this owner get short cluster names ({@code ClusterNaming}). */
    @WithDefault("fullstack-pw")
    String homeOwner();

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

    GitHub github();

    Deployment deployment();

    Dispatch dispatch();

    Expiry expiry();

    Comment comment();

    /** Which replica consumes and writes to GitHub (lease {@code notifier-leader}); see README.md, "Replicas". */
    pw.fullstack.ephemeral.leadership.LeaderElectionSettings leaderElection();

    interface GitHub {
        /** REST API base URL; GitHub Enterprise Server: {@code https://<host>/api/v3}. */
        @WithDefault("https://api.github.com")
        URI apiUrl();

        /** Sent as {@code X-GitHub-Api-Version}. */
        @WithDefault("2022-11-28")
        String apiVersion();

        /** A personal or fine-grained token; use either this or {@code app.*}. Never logged. */
        Optional<String> token();

        /** The login the notifier's comments show; discovered ({@code GET /app} or {@code GET /user}) when unset. */
        Optional<String> botLogin();

        App app();

        @WithDefault("5s")
        Duration connectTimeout();

        /** Each request's read timeout: no GitHub call waits longer. */
        @WithDefault("10s")
        Duration requestTimeout();

        /** An installation token is renewed this long before GitHub says it expires. */
        @WithDefault("5m")
        Duration tokenRefreshBefore();

        /** Failed attempts to bring a PR up to date before its records go to the dead-letter topic. */
        @WithDefault("10")
        int maxAttempts();

        @WithDefault("1s")
        Duration initialBackoff();

        /** Largest wait between attempts (also the pace at which a PR keeps being retried after dead-lettering). */
        @WithDefault("5m")
        Duration maxBackoff();

        /** Comments and deployments are listed in pages of this size (GitHub's maximum is 100). */
        @WithDefault("100")
        int pageSize();
    }

    interface App {
        /** The GitHub App's id (or client id), the JWT's {@code iss}. */
        Optional<String> id();

        /** The App's private key, PEM (PKCS#1 as GitHub hands it out, or PKCS#8). Never logged. */
        Optional<String> privateKey();

        /** The installation to use for every repository; discovered per owner when unset. */
        Optional<Long> installationId();
    }

    interface Deployment {
        @WithDefault("true")
        boolean enabled();

        /** Environment name = prefix + PR number, e.g. {@code pr-42}. */
        @WithDefault("pr-")
        String environmentPrefix();
    }

    interface Dispatch {
        @WithDefault("true")
        boolean enabled();

        /** {@code repository_dispatch} event type the app repository's workflow listens to. */
        @WithDefault("ephemeral_environment_ready")
        String eventType();

        /**
         * The namespace the dispatch tells the app workflow to deploy into: must match the installer's
         * app namespace (where it puts the app's secrets and database). The seed's apps use {@code default}.
         */
        @WithDefault("default")
        String appNamespace();
    }

    interface Expiry {
        /** The reaper's grace period after close, shown as the expected destruction time (the reaper decides). */
        @WithDefault("1H")
        Duration gracePeriod();

        /** The reaper's maximum lifetime, shown likewise. */
        @WithDefault("3D")
        Duration maxLifetime();
    }

    interface Comment {
        /** Failure reasons longer than this are cut. */
        @WithDefault("300")
        int maxReasonLength();

        /**
         * Key of the HMAC that seals the state kept in the comment (at least 32 bytes). Required; a
         * secret: give it through Vault (quarkus.vault.secret-config-kv-path) like the App key. Never logged.
         */
        Optional<String> stateKey();
    }
}
