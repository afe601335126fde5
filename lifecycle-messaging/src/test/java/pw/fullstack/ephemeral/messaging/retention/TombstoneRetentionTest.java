package pw.fullstack.ephemeral.messaging.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When an ended run may be forgotten: never while a replayable record could still exist. */
class TombstoneRetentionTest {

    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final Duration CONFIGURED = Duration.ofDays(30);

    @Test
    void keepsTheConfiguredRetentionWhenEveryTopicForgetsSooner() {
        // Kafka's defaults: 7 days, segments rolled weekly; the dead-letter topics 14 days.
        var topics = List.of(new TopicRetention("ephemeral.cluster-lifecycle", 7 * DAY, 7 * DAY),
                new TopicRetention("ephemeral.cluster-lifecycle.provisioner.dlq", 14 * DAY, 7 * DAY));

        assertThat(TombstoneRetention.dropAfter(CONFIGURED, Optional.of(topics))).contains(CONFIGURED);
    }

    @Test
    void outlivesATopicThatKeepsRecordsLongerCountingItsLastSegment() {
        var topics = List.of(new TopicRetention("ephemeral.cluster-lifecycle", 7 * DAY, 7 * DAY),
                new TopicRetention("ephemeral.cluster-lifecycle.installer.dlq", 30 * DAY, 7 * DAY));

        assertThat(TombstoneRetention.dropAfter(CONFIGURED, Optional.of(topics))).contains(Duration.ofDays(37));
    }

    @Test
    void forgetsNothingWhileATopicKeepsRecordsForEverOrTheBrokerCannotTell() {
        var forever = List.of(new TopicRetention("ephemeral.cluster-lifecycle", -1, 7 * DAY));

        assertThat(TombstoneRetention.dropAfter(CONFIGURED, Optional.of(forever))).isEmpty();
        assertThat(TombstoneRetention.dropAfter(CONFIGURED, Optional.empty())).isEmpty();
    }
}
