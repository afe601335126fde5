package pw.fullstack.ephemeral.testkit.kafka;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;

/** What {@code kafka-consumer-groups.sh --describe --members} shows: how many partitions a group's members hold. */
public final class GroupAssignment {

    private GroupAssignment() {
    }

    /** Partitions assigned to the members of {@code group} now (0 while it has no member, or none holds any). */
    public static int assignedPartitions(String bootstrapServers, String group) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all()
                    .get(30, TimeUnit.SECONDS).get(group);
            return description.members().stream().mapToInt(m -> m.assignment().topicPartitions().size()).sum();
        } catch (Exception e) {
            throw new IllegalStateException("could not describe the consumer group " + group + ": " + e, e);
        }
    }
}
