package pw.fullstack.ephemeral.testkit.schema;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** What the API server serves for one CRD: its names, scope and the schema of each served version. */
public record CustomResourceType(String group, String kind, String plural, String listKind, boolean namespaced,
                                 Map<String, Version> servedVersions) {

    /** A served version with its schema validator and whether {@code /status} is a subresource. */
    public record Version(String name, boolean storage, boolean statusSubresource, StructuralSchemaValidator schema) {
    }

    public static CustomResourceType of(CustomResourceDefinition crd) {
        var spec = crd.getSpec();
        Map<String, Version> versions = new LinkedHashMap<>();
        for (CustomResourceDefinitionVersion v : spec.getVersions()) {
            if (!Boolean.TRUE.equals(v.getServed())) {
                continue;
            }
            var schema = v.getSchema() != null ? v.getSchema().getOpenAPIV3Schema() : null;
            boolean status = v.getSubresources() != null && v.getSubresources().getStatus() != null;
            versions.put(v.getName(), new Version(v.getName(), Boolean.TRUE.equals(v.getStorage()), status,
                    new StructuralSchemaValidator(schema)));
        }
        return new CustomResourceType(spec.getGroup(), spec.getNames().getKind(), spec.getNames().getPlural(),
                spec.getNames().getListKind(), "Namespaced".equals(spec.getScope()), Map.copyOf(versions));
    }

    public Optional<Version> version(String name) {
        return Optional.ofNullable(servedVersions.get(name));
    }

    /** {@code Kind.group}, as the API server names a kind in messages. */
    public String qualifiedKind() {
        return group.isEmpty() ? kind : kind + "." + group;
    }
}
