package pw.fullstack.ephemeral.contracts.naming;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import pw.fullstack.ephemeral.contracts.InvalidInputException;
import pw.fullstack.ephemeral.contracts.network.Dns1123;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;
import pw.fullstack.ephemeral.contracts.pr.RepositoryRef;

/**
 * How a pull request becomes a cluster name and a DNS name. Deterministic: every service, the
 * GitHub bridge and the old shell tooling derive the same names from the same PR.
 *
 * <ul>
 *   <li>cluster name {@code pr-<repo>-<pr>}, DNS name {@code pr-<pr>-<repo>.<domain>};</li>
 *   <li>{@code <repo>} is the repository name lower-cased with everything but {@code [a-z0-9]}
 *       dropped, as the seed's tooling wrote it: {@code fullstack-pw/cks-backend} #42 →
 *       {@code pr-cksbackend-42}, {@code pr-42-cksbackend.ephemeral.fullstack.pw};</li>
 *   <li>repositories of any owner other than the home owner get a 6-hex-digit hash of
 *       {@code owner/name} appended, so {@code alice/api} and {@code bob/api} never share a
 *       cluster: {@code pr-api-1a2b3c-7};</li>
 *   <li>the cluster name is at most {@value #MAX_CLUSTER_NAME} characters: longer repository
 *       names are cut and get the hash too. The bound is below DNS-1123's 63 because Cluster API
 *       derives machine and node names from it ({@code <cluster>-control-plane-<5 chars>}),
 *       and those must still be valid host names.</li>
 * </ul>
 */
public record ClusterNaming(String domain, String homeOwner) {

    public static final String DEFAULT_DOMAIN = "ephemeral.fullstack.pw";
    public static final String DEFAULT_HOME_OWNER = "fullstack-pw";
    public static final int MAX_CLUSTER_NAME = 40;
    private static final int HASH_LENGTH = 6;

    public ClusterNaming {
        Dns1123.requireSubdomain("dns domain", domain);
        if (homeOwner != null && homeOwner.isBlank()) {
            homeOwner = null;
        }
    }

    public static ClusterNaming defaults() {
        return new ClusterNaming(DEFAULT_DOMAIN, DEFAULT_HOME_OWNER);
    }

    public ClusterName clusterName(PullRequestRef pr) {
        String number = Integer.toString(pr.number());
        return ClusterName.of("pr-" + repositoryPart(pr.repository(), number) + "-" + number);
    }

    /** The host name the PR's environment is reached at, e.g. {@code pr-42-cksbackend.ephemeral.fullstack.pw}. */
    public String dnsName(PullRequestRef pr) {
        String number = Integer.toString(pr.number());
        String name = "pr-" + number + "-" + repositoryPart(pr.repository(), number) + "." + domain;
        if (name.length() > Dns1123.MAX_SUBDOMAIN) {
            throw new InvalidInputException("dns domain", "leaves no room for a host name under " + domain);
        }
        return name;
    }

    private String repositoryPart(RepositoryRef repository, String number) {
        int budget = MAX_CLUSTER_NAME - "pr-".length() - 1 - number.length();
        String slug = repository.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        boolean home = homeOwner != null && homeOwner.equalsIgnoreCase(repository.owner());
        if (home && !slug.isEmpty() && slug.length() <= budget) {
            return slug;
        }
        String hash = shortHash(repository.canonical());
        int room = budget - HASH_LENGTH - 1;
        String kept = slug.substring(0, Math.min(slug.length(), room));
        return kept.isEmpty() ? hash : kept + "-" + hash;
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
