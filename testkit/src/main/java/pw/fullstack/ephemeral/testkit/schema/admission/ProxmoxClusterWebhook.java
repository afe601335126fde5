package pw.fullstack.ephemeral.testkit.schema.admission;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import pw.fullstack.ephemeral.testkit.schema.FieldError;
import pw.fullstack.ephemeral.testkit.schema.Operation;

/**
 * The Proxmox provider's ProxmoxCluster validating webhook, mirrored from
 * ionos-cloud/cluster-api-provider-proxmox v0.9.0 {@code internal/webhook/proxmoxcluster_webhook.go}
 * ({@code ValidateCreate}, {@code ValidateUpdate}, {@code validateControlPlaneEndpoint},
 * {@code buildSetFromAddresses}, {@code isHostname}). The webhook is registered for v1alpha2 with
 * {@code matchPolicy: Equivalent}, so v1alpha1 requests reach it converted; the fields it reads have
 * the same names in both versions.
 *
 * <p>The rule a template trips: the node address pool ({@code spec.ipv4Config.addresses}) must not
 * contain the control-plane endpoint, so a VIP cannot also be a node's address.
 */
public final class ProxmoxClusterWebhook implements AdmissionWebhook {

    static final String GROUP = "infrastructure.cluster.x-k8s.io";
    // isHostname's expression, unchanged (Go regexp syntax, which RE2/J shares).
    private static final com.google.re2j.Pattern HOSTNAME = com.google.re2j.Pattern.compile(
            "(?i)^(([a-z0-9]{1,253}|[a-z0-9][a-z0-9-]{1,251}[a-z0-9])|([a-z0-9]{1,63}|[a-z0-9][a-z0-9-]{1,61}[a-z0-9]\\.)?"
                    + "((([a-z0-9]{1,63}|[a-z0-9][a-z0-9-]{1,61}[a-z0-9])\\.)+?[a-z]{2,63}))$");

    @Override
    public String name() {
        return "validation.proxmoxcluster.infrastructure.cluster.x-k8s.io";
    }

    @Override
    public String group() {
        return GROUP;
    }

    @Override
    public String kind() {
        return "ProxmoxCluster";
    }

    @Override
    public Optional<WebhookDenial> review(Operation operation, JsonNode object, JsonNode oldObject) {
        JsonNode spec = object.path("spec");
        String name = object.path("metadata").path("name").asText();
        if (operation == Operation.CREATE && absent(spec.get("ipv4Config")) && absent(spec.get("ipv6Config"))) {
            return Optional.of(WebhookDenial.denied("proxmox cluster must define at least one IP pool config"));
        }
        return validateControlPlaneEndpoint(spec, name);
    }

    private Optional<WebhookDenial> validateControlPlaneEndpoint(JsonNode spec, String name) {
        if (spec.path("externalManagedControlPlane").asBoolean(false)) {
            return Optional.empty();
        }
        String endpoint = spec.path("controlPlaneEndpoint").path("host").asText("");
        if (HOSTNAME.matcher(endpoint).find()) {
            return Optional.empty();
        }
        Optional<BigInteger> address = parseAddress(endpoint);
        if (address.isEmpty()) {
            return Optional.of(invalid(name, "spec.controlplaneEndpoint", endpoint, "provided endpoint address is not a valid IP or FQDN"));
        }
        boolean v6 = endpoint.contains(":");
        for (String config : List.of("ipv4Config", "ipv6Config")) {
            JsonNode pool = spec.get(config);
            if (absent(pool)) {
                continue;
            }
            String goField = config.equals("ipv4Config") ? "spec.IPv4Config.addresses" : "spec.IPv6Config.addresses";
            List<String> addresses = new ArrayList<>();
            pool.path("addresses").forEach(a -> addresses.add(a.asText()));
            List<BigInteger[]> ranges = new ArrayList<>();
            for (String entry : addresses) {
                Optional<BigInteger[]> range = range(entry);
                if (range.isEmpty()) {
                    return Optional.of(invalid(name, goField, addresses, "provided addresses are not valid IP addresses, ranges or CIDRs"));
                }
                ranges.add(range.get());
            }
            boolean sameFamily = config.equals("ipv6Config") == v6;
            if (sameFamily && ranges.stream().anyMatch(r -> r[0].compareTo(address.get()) <= 0 && address.get().compareTo(r[1]) <= 0)) {
                return Optional.of(invalid(name, goField, addresses, "addresses may not contain the endpoint IP"));
            }
        }
        return Optional.empty();
    }

    private WebhookDenial invalid(String name, String field, Object value, String detail) {
        return WebhookDenial.invalid(GROUP, kind(), name, List.of(FieldError.invalid(field, value, detail)));
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull();
    }

    /** {@code netipx.ParseIPRange} ("a-b"), {@code netip.ParsePrefix} ("a/n") or a single address. */
    static Optional<BigInteger[]> range(String entry) {
        if (entry.contains("-")) {
            String[] ends = entry.split("-", 2);
            Optional<BigInteger> from = parseAddress(ends[0]);
            Optional<BigInteger> to = parseAddress(ends[1]);
            if (from.isEmpty() || to.isEmpty() || ends[0].contains(":") != ends[1].contains(":") || from.get().compareTo(to.get()) > 0) {
                return Optional.empty();
            }
            return Optional.of(new BigInteger[] {from.get(), to.get()});
        }
        if (entry.contains("/")) {
            String[] parts = entry.split("/", 2);
            Optional<BigInteger> base = parseAddress(parts[0]);
            int bits = parts[0].contains(":") ? 128 : 32;
            if (base.isEmpty() || !parts[1].matches("[0-9]{1,3}") || Integer.parseInt(parts[1]) > bits) {
                return Optional.empty();
            }
            int host = bits - Integer.parseInt(parts[1]);
            BigInteger first = base.get().shiftRight(host).shiftLeft(host);
            return Optional.of(new BigInteger[] {first, first.add(BigInteger.ONE.shiftLeft(host)).subtract(BigInteger.ONE)});
        }
        return parseAddress(entry).map(a -> new BigInteger[] {a, a});
    }

    /** {@code netip.ParseAddr}: a literal IPv4 (dotted quad, no leading zeros) or IPv6 address, never a name. */
    static Optional<BigInteger> parseAddress(String text) {
        boolean v4 = text.matches("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
        boolean v6 = text.contains(":") && text.matches("[0-9A-Fa-f:.]+");
        if (!v4 && !v6) {
            return Optional.empty();
        }
        if (v4) {
            BigInteger value = BigInteger.ZERO;
            for (String octet : text.split("\\.")) {
                int n = Integer.parseInt(octet);
                if (n > 255) {
                    return Optional.empty();
                }
                value = value.shiftLeft(8).add(BigInteger.valueOf(n));
            }
            return Optional.of(value);
        }
        try {
            // a literal with a colon: parsed without any name lookup
            return Optional.of(new BigInteger(1, InetAddress.getByName(text).getAddress()));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
