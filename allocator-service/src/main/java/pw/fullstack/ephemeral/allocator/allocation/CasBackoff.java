package pw.fullstack.ephemeral.allocator.allocation;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Jittered exponential backoff between check-and-set attempts, until a deadline (not a fixed
 * number of attempts: under heavy contention each attempt has a fair chance, and the caller gets a
 * {@link StoreUnavailableException} only if contention does not settle in time).
 */
public final class CasBackoff {

    private final long deadlineNanos;
    private final long initialNanos;
    private final long maxNanos;
    private final String what;
    private int attempt;

    public CasBackoff(String what, Duration deadline, Duration initial, Duration max) {
        this.what = what;
        this.deadlineNanos = System.nanoTime() + deadline.toNanos();
        this.initialNanos = Math.max(1, initial.toNanos());
        this.maxNanos = Math.max(initialNanos, max.toNanos());
    }

    /** Called after a conflict: waits a random time in [0, min(max, initial * 2^n)], "full jitter". */
    public void conflict() {
        attempt++;
        long now = System.nanoTime();
        if (now - deadlineNanos >= 0) {
            throw new StoreUnavailableException("check-and-set on " + what + " still conflicting after "
                    + attempt + " attempts; giving up until the event is retried", null);
        }
        long ceiling = Math.min(maxNanos, initialNanos << Math.min(attempt, 20));
        long pause = Math.min(ThreadLocalRandom.current().nextLong(ceiling + 1), deadlineNanos - now);
        LockSupport.parkNanos(pause);
    }

    public int conflicts() {
        return attempt;
    }
}
