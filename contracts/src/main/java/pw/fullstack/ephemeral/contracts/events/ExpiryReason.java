package pw.fullstack.ephemeral.contracts.events;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why the reaper ended a cluster's life. */
public enum ExpiryReason {
    /** The PR closed and the grace period (default 1 hour) has passed. */
    GRACE_PERIOD_ELAPSED("grace-period-elapsed"),
    /** The cluster reached its maximum lifetime (default 3 days), PR open or not. */
    MAX_LIFETIME_REACHED("max-lifetime-reached"),
    /** A labelled cluster that no running saga accounts for. */
    ORPHAN("orphan");

    private final String wireName;

    ExpiryReason(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }
}
