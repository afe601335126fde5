package pw.fullstack.ephemeral.allocator.allocation;

import java.util.List;
import java.util.Optional;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;

/**
 * The next thing to do for an event, decided on one {@link Snapshot}: emit these events (their ids
 * are derived from the cause, so emitting again after a crash or a conflict repeats the same ids),
 * then write at most one document under check-and-set. A step without a write means the event is
 * fully applied. After a write the engine reads again and asks for the next step, so every crash
 * window is the gap between two steps, and the next attempt (a redelivery, any instance) starts
 * from what the store says.
 *
 * @param note what the step does and why, for the log
 */
public record Step(String note, List<Emit> emits, Optional<Write> write) {

    /** An event to emit, caused by {@code causeId} in saga run {@code correlationId}. */
    public record Emit(LifecycleEvent event, String causeId, String correlationId) {
    }

    public Step {
        emits = List.copyOf(emits);
    }

    public static Step write(String note, Write write) {
        return new Step(note, List.of(), Optional.of(write));
    }

    public static Step emitThenWrite(String note, Emit emit, Write write) {
        return new Step(note, List.of(emit), Optional.of(write));
    }

    public static Step done(String note) {
        return new Step(note, List.of(), Optional.empty());
    }

    public static Step emitAndFinish(String note, Emit emit) {
        return new Step(note, List.of(emit), Optional.empty());
    }

    public boolean finished() {
        return write.isEmpty();
    }
}
