package pw.fullstack.ephemeral.reaper;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;
import pw.fullstack.ephemeral.contracts.naming.NameForm;

/**
 * Every {@code reaper.*} setting; defaults follow the seed (grace 1 hour, maximum lifetime 3 days)
 * where the seed has one. Durations are checked at start-up ({@code expiry.ExpiryPolicy}): zero or
 * negative stops the service with a message naming the setting. See README.md.
 */
@ConfigMapping(prefix = "reaper")
public interface ReaperConfig {

    /** CloudEvents source of the ClusterExpired events this service emits. */
    @WithDefault("/ephemeral-clusters/reaper")
    URI source();

    /** How often a pass looks at every cluster and allocation. */
    @WithDefault("1M")
    Duration interval();

    /** After the PR closes (GitHub's closedAt), the cluster lives this long. */
    @WithDefault("1H")
    Duration gracePeriod();

    /** No cluster lives longer than this after it was first applied, PR open or not. */
    @WithDefault("3D")
    Duration maxLifetime();

    /** An orphan (address without cluster or live run; cluster without address) must stay one this long. */
    @WithDefault("15M")
    Duration orphanSettleTime();

    /** How far {@code ephemeral.fullstack.pw/keep-until} may postpone an expiry past its deadline. */
    @WithDefault("7D")
    Duration keepUntilCap();

    /** Only report what would expire (log, metrics, GET /expiries); publish nothing, write nothing on the tools cluster. */
    @WithDefault("false")
    boolean dryRun();

    /** A ClusterExpired whose cluster has not started its teardown this long after it was published is published again (same id). */
    @WithDefault("15M")
    Duration resendAfter();

    /** How long to wait for the broker to acknowledge a ClusterExpired. */
    @WithDefault("30S")
    Duration publishTimeout();

    /** Domain of the environments' host names (naming must match every other service's). */
    @WithDefault(ClusterNaming.DEFAULT_DOMAIN)
    String dnsDomain();

    /** Repositories of this owner get short cluster names, others a hash suffix. */
    @WithDefault(ClusterNaming.DEFAULT_HOME_OWNER)
    String homeOwner();

    /** The home owner's repositories with the seed's short names {@code pr-<slug>-<pr>}. */
    @WithDefault("demo-apps,cks-backend,cks-frontend")
    Set<String> shortNameRepositories();

    /**
     * How the repository's name appears in cluster and DNS names: {@code compact} ({@code pr-cksbackend-42},
     * the seed's README) or {@code as-given} ({@code pr-cks-backend-42}, the seed's workflows); see
     * {@code ClusterNaming}. Must equal every other service's.
     */
    @WithDefault(ClusterNaming.DEFAULT_FORM)
    NameForm nameForm();

    Vault vault();

    Retry retry();

    interface Vault {

        /** KV v2 mount. */
        @WithDefault("kv")
        String mount();

        /** The allocator's allocation map (seed format), read only. */
        @WithDefault("ephemeral-clusters/ip-allocations")
        String allocationsPath();

        /** The allocator's per-cluster records {@code <path>/<cluster>}, read only. */
        @WithDefault("ephemeral-clusters/allocator/clusters")
        String allocatorRecordsPath();

        /** Root of the reaper's own documents: {@code <path>/prs/<cluster>}, {@code <path>/orphan-suspects}. */
        @WithDefault("ephemeral-clusters/reaper")
        String statePath();

        /** Per Vault request. */
        @WithDefault("5S")
        Duration requestTimeout();
    }

    /** Backoff while a PrOpened/PrClosed cannot be recorded (Vault down): retried, never dropped. */
    interface Retry {

        @WithDefault("200ms")
        Duration initialBackoff();

        @WithDefault("10S")
        Duration maxBackoff();
    }
}
