package pw.fullstack.ephemeral.installer.install;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import pw.fullstack.ephemeral.contracts.InvalidInputException;
import pw.fullstack.ephemeral.contracts.network.Dns1123;
import pw.fullstack.ephemeral.installer.InstallerConfig;
import pw.fullstack.ephemeral.installer.InvalidInstallerSettingsException;
import pw.fullstack.ephemeral.templates.ChartImages;
import pw.fullstack.ephemeral.templates.TemplateException;
import pw.fullstack.ephemeral.templates.WorkloadTemplateSettings;
import pw.fullstack.ephemeral.templates.WorkloadTemplates;

/**
 * Builds the settings the installations run with, eagerly: a value the templates would refuse (a name
 * that is not DNS-1123, a Cloudflare zone id that is not one, a TLS copy's name no Secret can have) or
 * Phase 1 deadlines shorter than a helm install may take stop the service at start, not at the first PR's
 * cluster.
 */
@Singleton
public class CheckedSettings {

    @Produces
    @Singleton
    @Startup
    WorkloadTemplateSettings templateSettings(InstallerConfig config) {
        try {
            WorkloadTemplateSettings settings = config.templateSettings();
            WorkloadTemplates.check(settings);
            checkTls(config.tls());
            return settings;
        } catch (TemplateException e) {
            throw new InvalidInstallerSettingsException("installer.phase1/phase2/dns/tls settings refused: " + e.getMessage(), e);
        }
    }

    /** The copy's name must be one a Secret can have; the sync must happen at all. */
    static void checkTls(InstallerConfig.Tls tls) {
        if (!Dns1123.isSubdomain(tls.secretName())) {
            throw new TemplateException("installer.tls.secret-name " + InvalidInputException.quote(tls.secretName())
                    + " is not a DNS-1123 subdomain (a Secret's name)");
        }
        if (tls.syncInterval().isNegative() || tls.syncInterval().isZero()) {
            throw new TemplateException("installer.tls.sync-interval must be positive, not " + tls.syncInterval());
        }
    }

    /** Where the Phase 1 charts' images come from and which are pinned by digest: a bad digest or mirror stops the start. */
    @Produces
    @Singleton
    @Startup
    ChartImages chartImages(InstallerConfig config) {
        try {
            return ChartImages.of(config.phase1().imageRegistry(), config.phase1().imageDigests());
        } catch (TemplateException e) {
            throw new InvalidInstallerSettingsException("installer.phase1.image-registry/image-digests refused: "
                    + e.getMessage(), e);
        }
    }

    @Produces
    @Singleton
    @Startup
    Phase1Deadlines phase1Deadlines(InstallerConfig config) {
        return Phase1Deadlines.of(config.phase1().helmBackOffLimit(), config.phase1().helmTimeout(), config.waitTimeout(),
                config.phase1Timeout());
    }
}
