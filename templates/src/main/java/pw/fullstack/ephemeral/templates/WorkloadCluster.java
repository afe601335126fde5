package pw.fullstack.ephemeral.templates;

/**
 * The per-cluster values of the Phase 1 and Phase 2 templates, from the run's ClusterReady.
 *
 * @param clusterIp      the VIP (the cluster's first address): the DNS record's target
 * @param appSecretPath  Vault path (in the mount) of the app's secrets for the ExternalSecret
 * @param installPostgres the PR asked for {@code install_postgres}
 */
public record WorkloadCluster(String clusterName, String dnsName, String clusterIp, String appSecretPath,
                              boolean installPostgres) {

    /** The site's domain the environment's name is under: {@link #dnsName()} without its first label (ClusterNaming's form). */
    public String dnsDomain() {
        return dnsName == null ? "" : dnsName.substring(dnsName.indexOf('.') + 1);
    }

    /** external-dns's TXT registry owner id: one per cluster, never shared, so no cluster owns another's record. */
    public String txtOwnerId() {
        return "ephemeral-" + clusterName;
    }
}
