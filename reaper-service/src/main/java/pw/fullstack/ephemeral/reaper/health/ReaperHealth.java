package pw.fullstack.ephemeral.reaper.health;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** The last outcome of the scheduled pass and of the event handler: what readiness reports. */
@Singleton
public class ReaperHealth {

    public record Failure(Instant since, String reason) {
    }

    private final AtomicReference<Instant> lastSuccessfulPass = new AtomicReference<>();
    private final AtomicReference<Failure> pass = new AtomicReference<>();
    private final AtomicReference<Failure> handler = new AtomicReference<>();

    public void passSucceeded(Instant at) {
        lastSuccessfulPass.set(at);
        pass.set(null);
    }

    public void passFailed(String reason) {
        pass.getAndUpdate(current -> new Failure(current == null ? Instant.now() : current.since(), reason));
    }

    public void handlerFailing(String reason) {
        handler.getAndUpdate(current -> new Failure(current == null ? Instant.now() : current.since(), reason));
    }

    public void handlerRecovered() {
        handler.set(null);
    }

    public Instant lastSuccessfulPass() {
        return lastSuccessfulPass.get();
    }

    public Failure passFailure() {
        return pass.get();
    }

    public Failure handlerFailure() {
        return handler.get();
    }
}
