package pw.fullstack.ephemeral.provisioner.provisioning;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import pw.fullstack.ephemeral.contracts.events.IpAllocated;
import pw.fullstack.ephemeral.contracts.network.Ipv4Address;
import pw.fullstack.ephemeral.provisioner.ProvisionerConfig;
import pw.fullstack.ephemeral.provisioner.clusterapi.ToolsCluster;
import pw.fullstack.ephemeral.templates.ClusterTemplateSettings;
import pw.fullstack.ephemeral.templates.ClusterTemplateValues;
import pw.fullstack.ephemeral.templates.ClusterTemplates;
import pw.fullstack.ephemeral.templates.ManifestObject;
import pw.fullstack.ephemeral.templates.TemplateException;
import pw.fullstack.ephemeral.templates.TemplateSource;

/**
 * Renders a run's Cluster API objects from its IpAllocated (strict template, checked) and applies
 * them with create-or-update, the Namespace first, then the cluster's own copy of the site's Proxmox
 * credentials Secret (CAPMOX takes ownership of the Secret a ProxmoxCluster uses; a shared one in
 * another namespace would be garbage-collected once the last cluster using it is gone). Used by the Kafka handler and by the reconcile
 * loop, which re-applies after a crash or when a reopened PR's run takes a namespace over.
 */
@ApplicationScoped
public class ClusterApplier {

    @Inject
    ProvisionerConfig config;

    @Inject
    ToolsCluster tools;

    @Inject
    ClusterTemplateSettings settings;

    private ClusterTemplates templates;

    @PostConstruct
    void init() {
        templates = new ClusterTemplates(TemplateSource.withOverride(config.template().directory()));
    }

    /** @throws TemplateException if the template refuses the values; nothing was applied then */
    public void apply(IpAllocated event, Map<String, String> annotations) {
        List<ManifestObject> objects = templates.render(values(event));
        String name = event.clusterName().value();
        if (!tools.clusterExists(name)) {
            // Without a Cluster any kubeconfig Secret in the namespace is a dead cluster's.
            tools.deleteKubeconfigSecret(name);
        }
        var t = config.template();
        tools.apply(objects, RunAnnotations.labels(event), annotations,
                new ToolsCluster.CredentialsCopy(t.credentialsNamespace(), t.credentialsSecret()));
    }

    ClusterTemplateValues values(IpAllocated event) {
        List<Ipv4Address> addresses = event.addresses();
        String clusterIp = addresses.get(0).toString();
        // One address per cluster: the node would hold the VIP itself, which the packaged template refuses
        // (the Proxmox provider's webhook would); an override template may take node addresses elsewhere.
        String nodeIp = (addresses.size() > 1 ? addresses.get(1) : addresses.get(0)).toString();
        return new ClusterTemplateValues(event.clusterName().value(), clusterIp, nodeIp, event.dnsName(),
                event.pullRequest().number(), RunAnnotations.repoLabel(event.pullRequest().repository().name()), settings);
    }
}
