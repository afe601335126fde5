package pw.fullstack.ephemeral.allocator.health;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** The last thing the event handler saw of Vault: null while fine, else since when and why not. */
@Singleton
public class VaultAvailability {

    public record Outage(Instant since, String reason) {
    }

    private final AtomicReference<Outage> outage = new AtomicReference<>();

    public void down(String reason) {
        outage.getAndUpdate(current -> current == null ? new Outage(Instant.now(), reason)
                : new Outage(current.since(), reason));
    }

    public void up() {
        outage.set(null);
    }

    public Outage outage() {
        return outage.get();
    }
}
