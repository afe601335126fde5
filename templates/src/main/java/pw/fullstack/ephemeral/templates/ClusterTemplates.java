package pw.fullstack.ephemeral.templates;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Renders the Cluster API template for one cluster: validate every value, substitute strictly,
 * parse the output back and check it, including the provider rule a template can trip that a schema
 * cannot express (the node pool must not contain the endpoint). Nothing reaches an API server that
 * did not pass all of these.
 */
public final class ClusterTemplates {

    private static final Set<String> KNOWN = Arrays.stream(ClusterTemplateVariable.values())
            .map(Enum::name).collect(Collectors.toUnmodifiableSet());
    private static final Set<String> MAY_BE_EMPTY = Arrays.stream(ClusterTemplateVariable.values())
            .filter(ClusterTemplateVariable::emptyAllowed).map(Enum::name).collect(Collectors.toUnmodifiableSet());

    private final TemplateSource source;

    public ClusterTemplates(TemplateSource source) {
        this.source = source;
    }

    public List<ManifestObject> render(ClusterTemplateValues values) {
        var variables = values.variables();
        TemplateSource.Template template = source.load(TemplateSource.CLUSTER_TEMPLATE);
        String yaml = StrictTemplateRenderer.render(template.origin(), template.text(), KNOWN, variables, MAY_BE_EMPTY);
        List<ManifestObject> objects = ClusterManifestChecker.parseAndCheck(template.origin(), yaml, values.clusterName());
        EndpointOutsideNodePool.check(template.origin(), objects);
        return objects;
    }

    /** The rendered text only (for dry runs and tests); still strict, not checked. */
    public String renderText(ClusterTemplateValues values) {
        TemplateSource.Template template = source.load(TemplateSource.CLUSTER_TEMPLATE);
        return StrictTemplateRenderer.render(template.origin(), template.text(), KNOWN, values.variables(), MAY_BE_EMPTY);
    }
}
