package pw.fullstack.ephemeral.leadership;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class LeaderTakesAllAssignorTest {

    private static final List<TopicPartition> PARTITIONS = List.of(new TopicPartition("ephemeral.cluster-lifecycle", 0),
            new TopicPartition("ephemeral.cluster-lifecycle", 1), new TopicPartition("ephemeral.cluster-lifecycle", 2));

    private static Map<String, Boolean> members(Object... memberAndLeading) {
        Map<String, Boolean> members = new LinkedHashMap<>();
        for (int i = 0; i < memberAndLeading.length; i += 2) {
            members.put((String) memberAndLeading[i], (Boolean) memberAndLeading[i + 1]);
        }
        return members;
    }

    @Test
    void theMemberThatLeadsGetsEveryPartitionAndTheFollowerNone() {
        var assignment = LeaderTakesAllAssignor.decide(members("consumer-a", false, "consumer-b", true), PARTITIONS);

        assertThat(assignment.get("consumer-b")).containsExactlyElementsOf(PARTITIONS);
        assertThat(assignment.get("consumer-a")).isEmpty();
    }

    @Test
    void whileNobodyLeadsNoPartitionIsAssigned() {
        var assignment = LeaderTakesAllAssignor.decide(members("consumer-a", false, "consumer-b", false), PARTITIONS);

        assertThat(assignment).containsOnlyKeys("consumer-a", "consumer-b");
        assertThat(assignment.values()).allSatisfy(owned -> assertThat(owned).isEmpty());
    }

    @Test
    void twoClaimsAcrossAClockJumpStillGiveEachPartitionToOneMember() {
        var assignment = LeaderTakesAllAssignor.decide(members("consumer-b", true, "consumer-a", true), PARTITIONS);

        assertThat(assignment.get("consumer-a")).containsExactlyElementsOf(PARTITIONS);
        assertThat(assignment.get("consumer-b")).isEmpty();
    }

    @Test
    void aMemberSaysInItsSubscriptionWhetherItsReplicaLeadsNow() {
        java.util.concurrent.atomic.AtomicBoolean leading = new java.util.concurrent.atomic.AtomicBoolean(true);
        LeaderTakesAllAssignor assignor = new LeaderTakesAllAssignor();
        assignor.configure(Map.of("group.id", "provisioner", LeaderTakesAllAssignor.LEADS,
                (java.util.function.BooleanSupplier) leading::get));

        assertThat(assignor.subscriptionUserData(java.util.Set.of()).get(0)).isEqualTo((byte) 1);
        leading.set(false);
        assertThat(assignor.subscriptionUserData(java.util.Set.of()).get(0)).isEqualTo((byte) 0);
    }

    @Test
    void aConsumerNotToldWhetherItLeadsClaimsNothing() {
        LeaderTakesAllAssignor assignor = new LeaderTakesAllAssignor();
        assignor.configure(Map.of("group.id", "provisioner"));

        assertThat(assignor.subscriptionUserData(java.util.Set.of()).get(0)).isEqualTo((byte) 0);
    }
}
