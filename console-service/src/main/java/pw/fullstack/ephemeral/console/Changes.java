package pw.fullstack.ephemeral.console;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;

/** What the open pages listen to: the read model or the pool changed. */
@ApplicationScoped
public class Changes {

    public enum What {
        EVENTS,
        POOL
    }

    private final Set<Consumer<What>> listeners = new CopyOnWriteArraySet<>();

    public void listen(Consumer<What> listener) {
        listeners.add(listener);
    }

    public void stopListening(Consumer<What> listener) {
        listeners.remove(listener);
    }

    public void fire(What what) {
        for (Consumer<What> listener : listeners) {
            listener.accept(what);
        }
    }
}
