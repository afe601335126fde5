package pw.fullstack.ephemeral.allocator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Set;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;
import pw.fullstack.ephemeral.contracts.naming.NameForm;

/** Everything under {@code allocator.*} but the pool ({@link pw.fullstack.ephemeral.allocator.pool.PoolConfig}). */
@ConfigMapping(prefix = "allocator")
public interface AllocatorConfig {

    /** Domain of the environments' host names, {@code pr-<pr>-<repo>.<domain>}. */
    @WithDefault(ClusterNaming.DEFAULT_DOMAIN)
    String dnsDomain();

    /** Repositories of this owner get the short cluster names, others a hash suffix. */
    @WithDefault(ClusterNaming.DEFAULT_HOME_OWNER)
    String homeOwner();

    /**
     * Home-owner repositories whose clusters keep the seed's short names ({@code cks-backend} →
     * {@code pr-cksbackend-<n>}); see {@code ClusterNaming}. Every service must use the same list.
     */
    @WithDefault("demo-apps,cks-backend,cks-frontend")
    Set<String> shortNameRepositories();

    /**
     * How the repository's name appears in cluster and DNS names: {@code compact} ({@code pr-cksbackend-42},
     * the seed's README) or {@code as-given} ({@code pr-cks-backend-42}, the seed's workflows); see
     * {@code ClusterNaming}. Must equal every other service's.
     */
    @WithDefault(ClusterNaming.DEFAULT_FORM)
    NameForm nameForm();

    /**
     * How long an ended saga run is remembered (its replayed events do nothing while remembered).
     * Must be longer than the lifecycle topic's retention, or a replay could outlive the tombstone.
     */
    @WithDefault("30d")
    Duration tombstoneRetention();

    default ClusterNaming naming() {
        return new ClusterNaming(dnsDomain(), homeOwner(), shortNameRepositories(), nameForm());
    }

    Vault vault();

    Retry retry();

    interface Vault {

        /** KV v2 mount. */
        @WithDefault("kv")
        String mount();

        /** The allocation map, in the seed's {@code {"<ip>": "<cluster>"}} format. */
        @WithDefault("ephemeral-clusters/ip-allocations")
        String allocationsPath();

        /** Root of the allocator's own documents: {@code <state-path>/queue}, {@code <state-path>/clusters/<cluster>}. */
        @WithDefault("ephemeral-clusters/allocator")
        String statePath();

        /** Per Vault request. */
        @WithDefault("5s")
        Duration requestTimeout();

        /** How long check-and-set conflicts on one document are retried before the event is retried as a whole. */
        @WithDefault("30s")
        Duration casDeadline();

        @WithDefault("10ms")
        Duration casInitialBackoff();

        @WithDefault("500ms")
        Duration casMaxBackoff();
    }

    /** Backoff while Vault (or the broker) is unavailable: the event is retried, never dead-lettered. */
    interface Retry {

        @WithDefault("200ms")
        Duration initialBackoff();

        @WithDefault("10s")
        Duration maxBackoff();
    }
}
