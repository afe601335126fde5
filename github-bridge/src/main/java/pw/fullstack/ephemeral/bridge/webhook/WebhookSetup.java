package pw.fullstack.ephemeral.bridge.webhook;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import org.jboss.logging.Logger;
import pw.fullstack.ephemeral.bridge.BridgeConfig;
import pw.fullstack.ephemeral.bridge.filter.DeliveryFilters;
import pw.fullstack.ephemeral.bridge.github.WebhookSignature;
import pw.fullstack.ephemeral.bridge.options.EnvironmentOptionRules;
import pw.fullstack.ephemeral.bridge.translation.DeliveryTranslator;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;

/**
 * Builds the signature check and the translator from configuration at start-up, so a missing
 * secret, a malformed repository pattern or an inconsistent naming setting stops the bridge with a
 * message naming the setting instead of failing the first delivery.
 */
@Singleton
public class WebhookSetup {

    private static final Logger LOG = Logger.getLogger(WebhookSetup.class);

    @Produces
    @Singleton
    @Startup
    WebhookSignature signature(BridgeConfig config) {
        WebhookSignature signature = WebhookSignature.withSecrets(config.webhook().secrets());
        LOG.infof("webhook deliveries are verified against %d secret(s); bodies up to %d bytes",
                config.webhook().secrets().size(), config.webhook().maxBodySize().asLongValue());
        return signature;
    }

    @Produces
    @Singleton
    @Startup
    DeliveryTranslator translator(BridgeConfig config) {
        ClusterNaming naming = config.naming();
        BridgeConfig.Filters f = config.filters();
        DeliveryFilters filters = DeliveryFilters.of(f.repositories(), f.label(), f.includeDrafts(), f.includeForks());
        EnvironmentOptionRules options = EnvironmentOptionRules.of(config.installPostgres().repositories().orElse(List.of()),
                config.installPostgres().label());
        LOG.infof("pull requests filtered by %s; %s; dispatch types %s / %s; cluster names for %s, home owner %s",
                filters, options, config.dispatch().createEventTypes(), config.dispatch().destroyEventTypes(),
                naming.domain(), naming.homeOwner());
        return new DeliveryTranslator(naming, filters, options, config.source(), config.dispatch().createEventTypes(),
                config.dispatch().destroyEventTypes());
    }
}
