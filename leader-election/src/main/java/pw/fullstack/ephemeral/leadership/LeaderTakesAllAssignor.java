package pw.fullstack.ephemeral.leadership;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Configurable;
import org.apache.kafka.common.TopicPartition;

/**
 * A Kafka partition assignor ({@code partition.assignment.strategy}) that gives every partition to the one member
 * of the consumer group whose replica holds the service's Lease, and none to the others: a follower stays in the
 * group, idle, and holds nothing back. Each member says in its subscription whether its replica leads (the
 * {@link java.util.function.BooleanSupplier} under {@link #LEADS} in the consumer's configuration, put there by
 * {@link LeaderOnlyConsumption}: an object, not a static, since Kafka may load this class through another class
 * loader than the application's), and every change of leadership rejoins the group, so the partitions follow the
 * Lease.
 *
 * <p>While no member leads (between one leader stepping down and the next acquiring), no partition is assigned:
 * nobody handles records then, which is what the Lease is for.
 */
public final class LeaderTakesAllAssignor implements ConsumerPartitionAssignor, Configurable {

    public static final String NAME = "ephemeral-leader-takes-all";

    /** Consumer configuration key of the {@link java.util.function.BooleanSupplier} telling whether this replica leads. */
    public static final String LEADS = "ephemeral.leader-election.leads";

    private volatile java.util.function.BooleanSupplier leads = () -> false;

    @Override
    public void configure(Map<String, ?> configs) {
        if (configs.get(LEADS) instanceof java.util.function.BooleanSupplier supplier) {
            leads = supplier;
        }
    }

    @Override
    public ByteBuffer subscriptionUserData(Set<String> topics) {
        return ByteBuffer.wrap(new byte[] {(byte) (leads.getAsBoolean() ? 1 : 0)});
    }

    @Override
    public GroupAssignment assign(Cluster metadata, GroupSubscription subscriptions) {
        Map<String, Boolean> leading = new LinkedHashMap<>();
        Set<String> topics = new TreeSet<>();
        subscriptions.groupSubscription().forEach((member, subscription) -> {
            leading.put(member, claimsLead(subscription.userData()));
            topics.addAll(subscription.topics());
        });
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            metadata.partitionsForTopic(topic).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        Map<String, Assignment> assignment = new LinkedHashMap<>();
        decide(leading, partitions).forEach((member, owned) -> assignment.put(member, new Assignment(owned)));
        return new GroupAssignment(assignment);
    }

    /**
     * Every partition to the member that leads (the first by member id, should two claim it across a clock jump),
     * none to anyone else; nobody leads: nothing assigned.
     */
    static Map<String, List<TopicPartition>> decide(Map<String, Boolean> leadingByMember, List<TopicPartition> partitions) {
        Optional<String> leader = leadingByMember.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey)
                .min(Comparator.naturalOrder());
        Map<String, List<TopicPartition>> result = new LinkedHashMap<>();
        leadingByMember.keySet().forEach(member -> result.put(member,
                leader.filter(member::equals).isPresent() ? List.copyOf(partitions) : List.of()));
        return result;
    }

    private static boolean claimsLead(ByteBuffer userData) {
        if (userData == null || !userData.hasRemaining()) {
            return false;
        }
        return userData.duplicate().get() == 1;
    }

    @Override
    public String name() {
        return NAME;
    }
}
