package pw.fullstack.ephemeral.reaper.health;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** The last outcome of the scheduled pass and of the event handler: what readiness reports. */
@Singleton
public class ReaperHealth {

    public record Failure(Instant since, String reason) {
    }

    private final AtomicReference<Instant> lastSuccessfulPass = new AtomicReference<>();
    private final AtomicReference<Failure> pass = new AtomicReference<>();
    private final AtomicReference<Failure> handler = new AtomicReference<>();
    private final AtomicReference<Failure> withheld = new AtomicReference<>();

    /** @param withheld why the pass could decide no orphan (the allocation map absent), if so */
    public void passSucceeded(Instant at, Optional<String> withheld) {
        lastSuccessfulPass.set(at);
        pass.set(null);
        this.withheld.getAndUpdate(current -> withheld
                .map(reason -> new Failure(current == null ? at : current.since(), reason)).orElse(null));
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

    public Failure orphanDecisionsWithheld() {
        return withheld.get();
    }
}
