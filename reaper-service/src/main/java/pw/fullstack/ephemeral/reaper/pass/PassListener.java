package pw.fullstack.ephemeral.reaper.pass;

import java.time.Duration;
import pw.fullstack.ephemeral.reaper.expiry.Decision;
import pw.fullstack.ephemeral.reaper.expiry.Expiry;

/** What a pass reports to metrics and health. */
public interface PassListener {

    /** ClusterExpired published for the first time by this process. */
    default void expired(Expiry expiry) {
    }

    /** Dry-run: the expiry that would have been published, reported for the first time by this process. */
    default void reported(Expiry expiry) {
    }

    default void passSucceeded(Decision decision, Duration took) {
    }

    default void passFailed(Exception failure) {
    }

    PassListener NONE = new PassListener() {
    };
}
