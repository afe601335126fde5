package pw.fullstack.ephemeral.testkit.vault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** The failure modes a test can switch on; read by the request handler on every request. */
final class VaultFaults {

    private static final Map<Integer, List<String>> VAULT_LIKE_ERRORS = Map.of(
            400, List.of("invalid request"),
            403, List.of(VaultRequestRejected.PERMISSION_DENIED),
            404, List.of(),
            429, List.of("request rate limit exceeded"),
            500, List.of("internal error"),
            502, List.of("bad gateway"),
            503, List.of(VaultRequestRejected.SEALED));

    private volatile boolean sealed;
    private volatile Duration responseDelay = Duration.ZERO;
    private final AtomicReference<InjectedFailures> pending = new AtomicReference<>(InjectedFailures.NONE);
    private final java.util.concurrent.atomic.AtomicInteger casConflicts = new java.util.concurrent.atomic.AtomicInteger();

    void casConflictNext(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("need count >= 0, got " + count);
        }
        casConflicts.set(count);
    }

    /** Consumes one injected check-and-set conflict, if any is left. */
    boolean takeCasConflict() {
        return casConflicts.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    void seal() {
        sealed = true;
    }

    void unseal() {
        sealed = false;
    }

    boolean sealed() {
        return sealed;
    }

    void delayResponses(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("a delay cannot be negative: " + delay);
        }
        responseDelay = delay;
    }

    Duration responseDelay() {
        return responseDelay;
    }

    void failNext(int count, int status) {
        if (count < 0 || status < 400 || status > 599) {
            throw new IllegalArgumentException("need count >= 0 and an error status, got " + count + " x " + status);
        }
        pending.set(new InjectedFailures(count, status));
    }

    /** Consumes one injected failure, if any is left, and returns it as a rejection to answer with. */
    VaultRequestRejected takeInjectedFailure() {
        InjectedFailures before = pending.getAndUpdate(InjectedFailures::oneFewer);
        if (before.remaining() == 0) {
            return null;
        }
        return new VaultRequestRejected(before.status(), VAULT_LIKE_ERRORS.getOrDefault(before.status(), List.of("internal error")));
    }

    private record InjectedFailures(int remaining, int status) {
        static final InjectedFailures NONE = new InjectedFailures(0, 500);

        InjectedFailures oneFewer() {
            return remaining == 0 ? this : new InjectedFailures(remaining - 1, status);
        }
    }
}
