package pw.fullstack.ephemeral.contracts.naming;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import pw.fullstack.ephemeral.contracts.network.Dns1123;

/**
 * The name of one ephemeral cluster: the Kafka record key, the Kubernetes namespace and Cluster
 * name on the tools cluster, the value in Vault's allocation map. Any DNS-1123 label is accepted
 * (names written by the older shell tooling included); {@link ClusterNaming} makes new ones.
 */
public record ClusterName(String value) {

    public ClusterName {
        Dns1123.requireLabel("cluster name", value);
    }

    @JsonCreator
    public static ClusterName of(String value) {
        return new ClusterName(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
