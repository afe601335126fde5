package pw.fullstack.ephemeral.contracts.events;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why a cluster was torn down; travels on the compensating ClusterDestroyed event. */
public enum DestroyReason {
    PROVISIONING_FAILED("provisioning-failed"),
    INSTALL_FAILED("install-failed"),
    EXPIRED("expired"),
    ORPHAN("orphan");

    private final String wireName;

    DestroyReason(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }
}
