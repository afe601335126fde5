package pw.fullstack.ephemeral.sandbox.faults;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import pw.fullstack.ephemeral.contracts.envelope.LifecycleTopic;

/**
 * The broker refusing every publish to the lifecycle topic while consumers go on reading: an ACL
 * denies WRITE on the topic to every client, answered with TopicAuthorizationException; removing the
 * ACLs heals. Needs a broker with an authorizer
 * that allows what no ACL names ({@link #BROKER_CONFIG}).
 *
 * <p>What does not do it on one KRaft broker: {@code min.insync.replicas} above the one replica, topic-level
 * or cluster-wide (the effective minimum is capped at the replication factor, so acks=all still succeeds);
 * a {@code max.message.bytes} below every record (the producer splits the refused batch again and again
 * until its network thread dies of a StackOverflowError, which no broker outage causes).
 */
final class BrokerRefusingPublishes {

    /** The broker settings this fault needs: the KRaft authorizer, everything allowed unless an ACL says otherwise. */
    static final Map<String, String> BROKER_CONFIG = Map.of(
            "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
            "allow.everyone.if.no.acl.found", "true");

    private static final ResourcePattern TOPIC = new ResourcePattern(ResourceType.TOPIC, LifecycleTopic.NAME, PatternType.LITERAL);
    /**
     * Once any ACL names the topic, "allowed unless an ACL says otherwise" no longer holds for it: reads
     * are allowed explicitly, and the deny (which wins over any allow) takes writes away.
     */
    private static final List<AclBinding> REFUSING_WRITES = List.of(
            new AclBinding(TOPIC, new AccessControlEntry("User:*", "*", AclOperation.ALL, AclPermissionType.ALLOW)),
            new AclBinding(TOPIC, new AccessControlEntry("User:*", "*", AclOperation.WRITE, AclPermissionType.DENY)));

    private final String bootstrapServers;

    BrokerRefusingPublishes(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    void refuse() {
        withAdmin(admin -> admin.createAcls(REFUSING_WRITES).all().get(30, TimeUnit.SECONDS));
    }

    void accept() {
        withAdmin(admin -> admin.deleteAcls(REFUSING_WRITES.stream().map(AclBinding::toFilter).toList())
                .all().get(30, TimeUnit.SECONDS));
    }

    private interface AdminCall {
        Object call(Admin admin) throws Exception;
    }

    private void withAdmin(AdminCall call) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            call.call(admin);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted changing the lifecycle topic's ACLs", e);
        } catch (Exception e) {
            throw new IllegalStateException("could not change the ACLs of " + LifecycleTopic.NAME + ": " + e, e);
        }
    }
}
