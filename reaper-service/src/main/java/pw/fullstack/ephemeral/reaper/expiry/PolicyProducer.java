package pw.fullstack.ephemeral.reaper.expiry;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import pw.fullstack.ephemeral.reaper.ReaperConfig;

/** Builds the {@link ExpiryPolicy} eagerly, so invalid durations stop the service before it consumes or decides anything. */
@Singleton
public class PolicyProducer {

    @Produces
    @Singleton
    @Startup
    ExpiryPolicy policy(ReaperConfig config) {
        return ExpiryPolicy.of(config.interval(), config.gracePeriod(), config.maxLifetime(), config.orphanSettleTime(),
                config.keepUntilCap());
    }
}
