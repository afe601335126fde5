package pw.fullstack.ephemeral.allocator.allocation;

import java.time.Duration;

/** What the engine reports for metrics; no-ops by default. */
public interface EngineListener {

    EngineListener NONE = new EngineListener() {
    };

    default void casConflict(String document) {
    }

    /** From reading the PrOpened (or the queue head) to the IpAllocated being acknowledged. */
    default void allocated(Duration latency) {
    }

    default void observed(AllocationMap map) {
    }

    default void observed(AllocationQueue queue) {
    }
}
