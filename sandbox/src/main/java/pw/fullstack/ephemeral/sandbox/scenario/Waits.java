package pw.fullstack.ephemeral.sandbox.scenario;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.Predicate;
import pw.fullstack.ephemeral.sandbox.board.PrBoard;
import pw.fullstack.ephemeral.sandbox.kafka.LifecycleWatch;

/** Bounded waits on the board. */
public final class Waits {

    private Waits() {
    }

    /** Waits until the condition holds; false when the timeout passed first. */
    public static boolean until(LifecycleWatch watch, Duration timeout, Predicate<PrBoard> condition) {
        Instant deadline = Instant.now().plus(timeout);
        Function<PrBoard, Boolean> check = condition::test;
        while (Instant.now().isBefore(deadline)) {
            if (watch.read(check)) {
                return true;
            }
            if (!pause()) {
                return false;
            }
        }
        return watch.read(check);
    }

    /** Waits until the check holds; false when the timeout passed first. */
    public static boolean untilTrue(Duration timeout, java.util.function.BooleanSupplier check) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (check.getAsBoolean()) {
                return true;
            }
            if (!pause()) {
                return false;
            }
        }
        return check.getAsBoolean();
    }

    /** The one polling interval of the launcher's bounded waits; false when interrupted. */
    public static boolean pause() {
        try {
            Thread.sleep(200);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
