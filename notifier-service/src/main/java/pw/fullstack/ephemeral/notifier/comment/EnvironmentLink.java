package pw.fullstack.ephemeral.notifier.comment;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import pw.fullstack.ephemeral.contracts.InvalidInputException;
import pw.fullstack.ephemeral.contracts.network.Dns1123;
import pw.fullstack.ephemeral.notifier.timeline.PrTimeline;

/**
 * The environment's URL as the PR shows it: always {@code https://<host>/} built from a validated
 * DNS name, never a URL string copied from an event. The installer's {@code environmentUrl} is used
 * only if its host is the run's DNS name (or, before the DNS name is known, a valid DNS name itself).
 */
public final class EnvironmentLink {

    private EnvironmentLink() {
    }

    public static Optional<URI> of(PrTimeline t) {
        String host = null;
        if (t.environmentUrl() != null && t.environmentUrl().getHost() != null) {
            String candidate = t.environmentUrl().getHost().toLowerCase(Locale.ROOT);
            if (t.dnsName() == null ? validHost(candidate) : candidate.equals(t.dnsName())) {
                host = candidate;
            }
        }
        if (host == null && t.installed() && t.dnsName() != null && validHost(t.dnsName())) {
            host = t.dnsName();
        }
        return Optional.ofNullable(host).map(h -> URI.create("https://" + h + "/"));
    }

    static boolean validHost(String host) {
        try {
            Dns1123.requireSubdomain("host", host);
            return true;
        } catch (InvalidInputException e) {
            return false;
        }
    }
}
