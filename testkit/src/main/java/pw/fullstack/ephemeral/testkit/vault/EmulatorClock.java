package pw.fullstack.ephemeral.testkit.vault;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The emulator's time: the system's, moved forward by tests so token TTLs run out without waiting. */
final class EmulatorClock extends Clock {

    private volatile Duration offset = Duration.ZERO;

    void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("time only moves forward: " + by);
        }
        synchronized (this) {
            offset = offset.plus(by);
        }
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the emulator keeps UTC");
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }
}
