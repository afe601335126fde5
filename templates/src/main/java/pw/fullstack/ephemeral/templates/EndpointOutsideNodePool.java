package pw.fullstack.ephemeral.templates;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import pw.fullstack.ephemeral.contracts.InvalidInputException;
import pw.fullstack.ephemeral.contracts.network.Ipv4Address;

/**
 * Refuses, before anything is applied, a ProxmoxCluster the Proxmox provider's validating webhook
 * would refuse: its node address pool ({@code spec.ipv4Config.addresses}: addresses, ranges
 * {@code a-b} or CIDRs) must not contain the control-plane endpoint
 * (cluster-api-provider-proxmox {@code internal/webhook/proxmoxcluster_webhook.go}, "addresses may not
 * contain the endpoint IP"). With the packaged template that means one address per cluster is not
 * enough: the VIP and the node need one each.
 */
final class EndpointOutsideNodePool {

    private EndpointOutsideNodePool() {
    }

    static void check(String origin, List<ManifestObject> objects) {
        for (ManifestObject object : objects) {
            if (!object.kind().equals("ProxmoxCluster") || !(object.content().get("spec") instanceof Map<?, ?> spec)) {
                continue;
            }
            if (Boolean.TRUE.equals(spec.get("externalManagedControlPlane"))
                    || !(spec.get("controlPlaneEndpoint") instanceof Map<?, ?> endpoint)) {
                continue;
            }
            Optional<Ipv4Address> host = ipv4(String.valueOf(endpoint.get("host")));
            if (host.isEmpty() || !(spec.get("ipv4Config") instanceof Map<?, ?> pool) || !(pool.get("addresses") instanceof List<?> addresses)) {
                continue;
            }
            for (Object entry : addresses) {
                if (contains(String.valueOf(entry), host.get())) {
                    throw new TemplateException(origin + ": " + object + ": the node address pool " + InvalidInputException.quote(String.valueOf(entry))
                            + " contains the control-plane endpoint " + host.get() + "; the Proxmox provider refuses that"
                            + " (\"addresses may not contain the endpoint IP\"). Give each cluster two addresses"
                            + " (allocator.pool.addresses-per-cluster=2: VIP and node) or use a template whose node pool"
                            + " leaves the endpoint out");
                }
            }
        }
    }

    private static boolean contains(String entry, Ipv4Address address) {
        try {
            if (entry.contains("-")) {
                String[] ends = entry.split("-", 2);
                return Ipv4Address.parse(ends[0]).compareTo(address) <= 0 && address.compareTo(Ipv4Address.parse(ends[1])) <= 0;
            }
            if (entry.contains("/")) {
                String[] parts = entry.split("/", 2);
                int hostBits = 32 - Integer.parseInt(parts[1]);
                long base = Ipv4Address.parse(parts[0]).numeric() >>> hostBits;
                return hostBits >= 32 || (address.numeric() >>> hostBits) == base;
            }
            return Ipv4Address.parse(entry).equals(address);
        } catch (InvalidInputException | NumberFormatException e) {
            return false; // not an IPv4 pool entry; the provider's own checks report it
        }
    }

    private static Optional<Ipv4Address> ipv4(String text) {
        try {
            return Optional.of(Ipv4Address.parse(text));
        } catch (InvalidInputException e) {
            return Optional.empty();
        }
    }
}
