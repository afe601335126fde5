package pw.fullstack.ephemeral.notifier.sync;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import pw.fullstack.ephemeral.notifier.NotifierConfig;
import pw.fullstack.ephemeral.notifier.comment.StateSeal;

/** The comment state's seal, checked at start-up: a notifier without its key does not start. */
@ApplicationScoped
public class StateSealProducer {

    @Produces
    @ApplicationScoped
    @Startup
    StateSeal seal(NotifierConfig config) {
        return StateSeal.withKey(config.comment().stateKey().orElseThrow(() -> new IllegalStateException(
                "notifier.comment.state-key is required: the key (>= " + StateSeal.MIN_KEY_BYTES
                        + " bytes) that seals the state kept in each PR comment")));
    }
}
