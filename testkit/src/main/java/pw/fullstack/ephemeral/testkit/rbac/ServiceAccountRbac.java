package pw.fullstack.ephemeral.testkit.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The RBAC grants a service account holds according to manifests on disk (a kustomize directory's YAML files,
 * before kustomize runs): every Role, ClusterRole, RoleBinding and ClusterRoleBinding in them. Namespaced objects
 * without a namespace (kustomize sets it) are taken to be in {@code ownNamespace}, the namespace the service runs
 * in; a subject is the service account when its kind is ServiceAccount and its name matches (its namespace is the
 * deploy's, whatever the test's is). Plus what every authenticated client holds
 * ({@link RbacGrant#everyAuthenticatedClient()}).
 */
public final class ServiceAccountRbac {

    private static final ObjectMapper YAML = new YAMLMapper();

    private ServiceAccountRbac() {
    }

    /**
     * @param directory      e.g. {@code ../deploy/base/provisioner}
     * @param serviceAccount e.g. {@code provisioner}
     * @param ownNamespace   where the service runs in the test (its client's namespace)
     */
    public static List<RbacGrant> grants(Path directory, String serviceAccount, String ownNamespace) {
        List<JsonNode> objects = read(directory);
        List<Role> roles = new ArrayList<>();
        List<ClusterRole> clusterRoles = new ArrayList<>();
        List<RoleBinding> roleBindings = new ArrayList<>();
        List<ClusterRoleBinding> clusterRoleBindings = new ArrayList<>();
        for (JsonNode object : objects) {
            switch (object.path("kind").asText()) {
                case "Role" -> roles.add(Serialization.jsonMapper().convertValue(object, Role.class));
                case "ClusterRole" -> clusterRoles.add(Serialization.jsonMapper().convertValue(object, ClusterRole.class));
                case "RoleBinding" -> roleBindings.add(Serialization.jsonMapper().convertValue(object, RoleBinding.class));
                case "ClusterRoleBinding" -> clusterRoleBindings.add(Serialization.jsonMapper().convertValue(object, ClusterRoleBinding.class));
                default -> {
                }
            }
        }
        List<RbacGrant> grants = new ArrayList<>();
        grants.add(RbacGrant.everyAuthenticatedClient());
        for (RoleBinding binding : roleBindings) {
            if (!names(binding.getSubjects(), serviceAccount)) {
                continue;
            }
            String namespace = namespace(binding.getMetadata().getNamespace(), ownNamespace);
            RoleRef ref = binding.getRoleRef();
            if ("Role".equals(ref.getKind())) {
                roles.stream().filter(r -> r.getMetadata().getName().equals(ref.getName())
                                && namespace(r.getMetadata().getNamespace(), ownNamespace).equals(namespace))
                        .forEach(r -> grants.add(new RbacGrant(r.getRules(), Optional.of(namespace), "Role " + ref.getName())));
            } else {
                clusterRoles.stream().filter(r -> r.getMetadata().getName().equals(ref.getName()))
                        .forEach(r -> grants.add(new RbacGrant(r.getRules(), Optional.of(namespace), "ClusterRole " + ref.getName()
                                + " bound in " + namespace)));
            }
        }
        for (ClusterRoleBinding binding : clusterRoleBindings) {
            if (names(binding.getSubjects(), serviceAccount)) {
                clusterRoles.stream().filter(r -> r.getMetadata().getName().equals(binding.getRoleRef().getName()))
                        .forEach(r -> grants.add(new RbacGrant(r.getRules(), Optional.empty(), "ClusterRole " + r.getMetadata().getName())));
            }
        }
        return List.copyOf(grants);
    }

    /**
     * The calls the service account's grants in {@code directory} do not allow (empty: every call allowed): what a
     * service's test asserts about the requests its service made ({@code tools.requests().by(SERVICE_TOKEN)}).
     */
    public static List<pw.fullstack.ephemeral.testkit.kubernetes.ApiRequest> refused(Path directory, String serviceAccount,
            String ownNamespace, List<pw.fullstack.ephemeral.testkit.kubernetes.ApiRequest> calls) {
        return RbacAuthorizer.refused(grants(directory, serviceAccount, ownNamespace), calls);
    }

    private static boolean names(List<Subject> subjects, String serviceAccount) {
        return subjects != null && subjects.stream()
                .anyMatch(s -> "ServiceAccount".equals(s.getKind()) && serviceAccount.equals(s.getName()));
    }

    private static String namespace(String declared, String own) {
        return declared == null || declared.isBlank() ? own : declared;
    }

    private static List<JsonNode> read(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("no manifest directory " + directory.toAbsolutePath().normalize());
        }
        List<JsonNode> objects = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList()) {
                try (var parser = new YAMLFactory().createParser(file.toFile())) {
                    YAML.readValues(parser, JsonNode.class).readAll().stream()
                            .filter(n -> n != null && n.isObject()).forEach(objects::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return objects;
    }
}
