package pw.fullstack.ephemeral.deploy.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The ACLs of rendered KafkaUsers, one entry per (user, resource, operation), and what Kafka's simple authorizer
 * makes of them: a literal rule matches its name, a prefix rule every name that starts with it; Read, Write, Delete
 * and Alter imply Describe.
 */
record KafkaAcls(List<Entry> entries) {

    record Entry(String user, String resourceType, String name, boolean prefix, String operation, boolean allow) {

        boolean covers(String type, String resource) {
            return resourceType.equals(type) && (prefix ? resource.startsWith(name) : resource.equals(name));
        }
    }

    static KafkaAcls of(List<ObjectNode> users) {
        List<Entry> entries = new ArrayList<>();
        for (ObjectNode user : users) {
            String name = user.path("metadata").path("name").asText();
            for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
                JsonNode resource = acl.path("resource");
                boolean allow = !"deny".equals(acl.path("type").asText("allow"));
                for (JsonNode operation : acl.path("operations")) {
                    entries.add(new Entry(name, resource.path("type").asText(), resource.path("name").asText(),
                            "prefix".equals(resource.path("patternType").asText("literal")), operation.asText(), allow));
                }
            }
        }
        return new KafkaAcls(List.copyOf(entries));
    }

    /** Whether {@code user} may do {@code operation} on the resource (no deny rules are used here). */
    boolean allows(String user, String operation, String type, String resource) {
        return entries.stream().filter(e -> e.user().equals(user) && e.allow() && e.covers(type, resource))
                .anyMatch(e -> e.operation().equals(operation) || e.operation().equals("All")
                        || (operation.equals("Describe") && List.of("Read", "Write", "Delete", "Alter").contains(e.operation()))
                        || (operation.equals("DescribeConfigs") && e.operation().equals("AlterConfigs")));
    }

    /** The users that may do {@code operation} on the resource. */
    List<String> usersAllowed(String operation, String type, String resource) {
        return entries.stream().map(Entry::user).distinct().filter(u -> allows(u, operation, type, resource)).sorted().toList();
    }
}
