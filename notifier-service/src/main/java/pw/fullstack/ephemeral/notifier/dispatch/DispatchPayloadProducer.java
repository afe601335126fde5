package pw.fullstack.ephemeral.notifier.dispatch;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import pw.fullstack.ephemeral.notifier.NotifierConfig;

/** Builds the dispatch's names from the settings at start-up, so an invalid namespace or naming stops start-up, not a write. */
@ApplicationScoped
public class DispatchPayloadProducer {

    @Produces
    @Singleton
    @Startup
    DispatchPayload dispatchPayload(NotifierConfig config) {
        return new DispatchPayload(config.naming(), config.dispatch().appNamespace());
    }
}
