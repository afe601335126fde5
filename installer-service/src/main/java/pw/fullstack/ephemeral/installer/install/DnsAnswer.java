package pw.fullstack.ephemeral.installer.install;

import java.util.List;
import java.util.Optional;

/**
 * What the resolver said about the PR's name.
 *
 * @param addresses its A records (empty for NXDOMAIN or no A record)
 * @param error     why there was no answer (timeout, refused), if there was none
 */
public record DnsAnswer(List<String> addresses, Optional<String> error) {

    public DnsAnswer {
        addresses = List.copyOf(addresses);
    }

    public static DnsAnswer of(List<String> addresses) {
        return new DnsAnswer(addresses, Optional.empty());
    }

    public static DnsAnswer failed(String why) {
        return new DnsAnswer(List.of(), Optional.of(why));
    }

    public boolean resolvesTo(String address) {
        return error.isEmpty() && addresses.contains(address);
    }

    /** The resolver answered and the cluster's address is not (or no longer) among the answers. */
    public boolean goneFor(String address) {
        return error.isEmpty() && !addresses.contains(address);
    }

    public String describe() {
        return error.map(e -> "no answer (" + e + ")").orElse(addresses.isEmpty() ? "no A record" : "A " + addresses);
    }
}
