package pw.fullstack.ephemeral.contracts.events;

/**
 * One thing the installer put into the cluster, with its pinned version.
 *
 * @param name    e.g. {@code cert-manager} (a Helm chart) or {@code dnsendpoint} (a Phase 2 object)
 * @param version the chart version, or the API version for a Phase 2 object, e.g. {@code v1.18.6}
 * @param phase   {@code phase1} or {@code phase2}
 */
public record InstalledComponent(String name, String version, String phase) {

    public InstalledComponent {
        Required.text("name", name);
        Required.text("version", version);
        Required.text("phase", phase);
    }
}
