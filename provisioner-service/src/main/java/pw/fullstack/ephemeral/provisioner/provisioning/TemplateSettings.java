package pw.fullstack.ephemeral.provisioner.provisioning;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;
import pw.fullstack.ephemeral.provisioner.ProvisionerConfig;
import pw.fullstack.ephemeral.templates.ClusterTemplateSettings;
import pw.fullstack.ephemeral.templates.SshAuthorizedKey;
import pw.fullstack.ephemeral.templates.TemplateException;

/**
 * The site's template settings, built and checked once at start: a setting that no cluster could be rendered
 * with (an SSH key that is not one OpenSSH public key line, an interface name with a space, an empty VM id
 * range) stops the provisioner with a message naming it, instead of failing every PR's cluster later.
 */
@Singleton
public class TemplateSettings {

    private static final Logger LOG = Logger.getLogger(TemplateSettings.class);
    static final String SSH_KEYS = "provisioner.template.ssh-authorized-keys";

    @Produces
    @Singleton
    @Startup
    ClusterTemplateSettings settings(ProvisionerConfig config) {
        ClusterTemplateSettings settings = of(config.template());
        LOG.infof("clusters: K3s %s, %d x %d cores, %d MiB on %s from template %d; %d SSH key(s) for %s",
                settings.k3sVersion(), settings.cpuSockets(), settings.cpuCores(), settings.memoryMib(),
                settings.proxmoxNode(), settings.proxmoxTemplateId(), settings.sshAuthorizedKeys().size(), settings.sshUser());
        return settings;
    }

    /** @throws InvalidTemplateSettingsException naming every setting at fault */
    static ClusterTemplateSettings of(ProvisionerConfig.Template t) {
        List<String> problems = new ArrayList<>();
        List<SshAuthorizedKey> keys = new ArrayList<>();
        List<String> lines = t.sshAuthorizedKeys().orElse(List.of());
        for (int i = 0; i < lines.size(); i++) {
            try {
                keys.add(SshAuthorizedKey.parse(lines.get(i)));
            } catch (TemplateException e) {
                problems.add(SSH_KEYS + "[" + i + "]: " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidTemplateSettingsException(String.join("; ", problems));
        }
        try {
            var settings = new ClusterTemplateSettings(t.k3sVersion(), t.cpuCores(), t.memoryMib(), t.diskGb(),
                    t.proxmoxNode(), t.proxmoxTemplateId(), t.networkBridge(), t.gateway(), t.ipPrefix(), t.dnsServer(),
                    t.credentialsSecret(), t.credentialsNamespace(), t.cloudController(), t.kubeVipVersion(),
                    t.kubeVipInterface().orElse(""), t.providerIdInjection(), t.vmIdRangeStart(), t.vmIdRangeEnd(),
                    t.skipCloudInitStatus(), t.skipQemuGuestAgent(), t.cpuSockets(), t.memoryAdjustment(), t.sshUser(), keys);
            settings.variables();
            return settings;
        } catch (TemplateException e) {
            throw new InvalidTemplateSettingsException("provisioner.template.*: " + e.getMessage()
                    + " (the variables are the settings' names in upper case; see the provisioner's README)");
        }
    }
}
