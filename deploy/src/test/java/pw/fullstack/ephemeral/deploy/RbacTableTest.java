package pw.fullstack.ephemeral.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * deploy/README.md's RBAC table says exactly what the rendered base grants each service account: every row is a
 * grant of the render, every grant of the render is a row (with a reason). A grant is (service, scope, API group,
 * resource, resource names, verb); scope {@code cluster} for a ClusterRole bound by a ClusterRoleBinding,
 * {@code namespace} for a Role in the service's namespace.
 */
class RbacTableTest {

    record Grant(String service, String scope, String group, String resource, String names, String verb) {
        @Override
        public String toString() {
            return "| " + service + " | " + scope + " | `" + group + "` | `" + resource + "` | " + (names.isEmpty() ? "" : "`" + names + "`")
                    + " | `" + verb + "` |";
        }
    }

    private static final Pattern ROW = Pattern.compile(
            "^\\|\\s*([a-z-]+)\\s*\\|\\s*(cluster|namespace)\\s*\\|\\s*`([^`]*)`\\s*\\|\\s*`([^`]+)`\\s*\\|\\s*(?:`([^`]*)`)?\\s*\\|\\s*`([a-z]+)`\\s*\\|\\s*(.*)\\|\\s*$");

    @Test
    void theReadmesRbacTableIsExactlyWhatTheBaseGrants() {
        Set<Grant> documented = documented(DeployTree.read(DeployTree.README));
        Set<Grant> rendered = rendered(Kustomize.render(DeployTree.BASE));

        assertThat(rendered).as("grants the base renders").isNotEmpty();
        assertThat(new TreeSet<>(rendered.stream().filter(g -> !documented.contains(g)).map(Grant::toString).toList()))
                .as("granted by the manifests, missing in deploy/README.md's RBAC table").isEmpty();
        assertThat(new TreeSet<>(documented.stream().filter(g -> !rendered.contains(g)).map(Grant::toString).toList()))
                .as("in deploy/README.md's RBAC table, not granted by the manifests").isEmpty();
    }

    /** The table's parser, so a malformed row cannot silently drop out of the comparison. */
    @Test
    void aRowWithoutAReasonIsRefused() {
        String table = """
                ## RBAC

                | service | scope | API group | resource | names | verb | why |
                |---|---|---|---|---|---|---|
                | reaper | cluster | `cluster.x-k8s.io` | `clusters` | | `list` | every Cluster, each pass |
                | reaper | cluster | `cluster.x-k8s.io` | `clusters` | | `patch` |  |
                """;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> documented(table)).hasMessageContaining("patch");
        assertThat(documented(table.replace("| `patch` |  |", "| `patch` | its own annotations |"))).hasSize(2);
    }

    static Set<Grant> documented(String text) {
        String readme = "\n" + text;
        int start = readme.indexOf("\n## RBAC");
        if (start < 0) {
            throw new AssertionError("deploy/README.md has no \"## RBAC\" section");
        }
        int end = readme.indexOf("\n## ", start + 1);
        Set<Grant> grants = new java.util.HashSet<>();
        for (String line : readme.substring(start, end < 0 ? readme.length() : end).split("\n")) {
            Matcher m = ROW.matcher(line);
            if (!m.find()) {
                continue;
            }
            if (m.group(7).isBlank()) {
                throw new AssertionError("RBAC table row without a reason: " + line);
            }
            grants.add(new Grant(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5) == null ? "" : m.group(5), m.group(6)));
        }
        return grants;
    }

    static Set<Grant> rendered(List<ObjectNode> objects) {
        Set<Grant> grants = new java.util.HashSet<>();
        for (ObjectNode binding : objects) {
            String kind = binding.path("kind").asText();
            if (!kind.equals("RoleBinding") && !kind.equals("ClusterRoleBinding")) {
                continue;
            }
            String roleKind = binding.path("roleRef").path("kind").asText();
            String roleName = binding.path("roleRef").path("name").asText();
            String namespace = binding.path("metadata").path("namespace").asText("");
            ObjectNode role = objects.stream().filter(o -> o.path("kind").asText().equals(roleKind)
                            && o.path("metadata").path("name").asText().equals(roleName)
                            && (roleKind.equals("ClusterRole") || o.path("metadata").path("namespace").asText("").equals(namespace)))
                    .findFirst().orElseThrow(() -> new AssertionError(kind + " " + binding.path("metadata").path("name").asText()
                            + " binds " + roleKind + " " + roleName + ", which is not rendered"));
            String scope = kind.equals("ClusterRoleBinding") ? "cluster" : "namespace";
            for (JsonNode subject : binding.path("subjects")) {
                if (!subject.path("kind").asText().equals("ServiceAccount")) {
                    continue;
                }
                for (JsonNode rule : role.path("rules")) {
                    List<String> names = new java.util.ArrayList<>();
                    rule.path("resourceNames").forEach(n -> names.add(n.asText()));
                    for (JsonNode group : rule.path("apiGroups")) {
                        for (JsonNode resource : rule.path("resources")) {
                            for (JsonNode verb : rule.path("verbs")) {
                                grants.add(new Grant(subject.path("name").asText(), scope, group.asText(), resource.asText(),
                                        String.join(",", names), verb.asText()));
                            }
                        }
                    }
                }
            }
        }
        return grants;
    }
}
