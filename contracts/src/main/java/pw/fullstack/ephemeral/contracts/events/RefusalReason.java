package pw.fullstack.ephemeral.contracts.events;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why the allocator gave a PR no environment; travels on AllocationRefused. */
public enum RefusalReason {
    /** The PR's repository has as many environments, live or waiting, as it may. */
    REPOSITORY_LIMIT("repository-limit"),
    /** As many PRs wait for an environment as the queue may hold. */
    QUEUE_FULL("queue-full");

    private final String wireName;

    RefusalReason(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }
}
