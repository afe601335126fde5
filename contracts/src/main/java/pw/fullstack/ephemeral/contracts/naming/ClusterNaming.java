package pw.fullstack.ephemeral.contracts.naming;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
 *   <li>no two repositories share a name. Dropping characters is not one-to-one
 *       ({@code web-app} and {@code webapp} both give {@code webapp}), so the short form
 *       {@code pr-<slug>-<pr>} is kept only where it cannot collide: for the home owner's
 *       repositories listed in {@code shortNameRepositories} (the seed's {@code demo-apps},
 *       {@code cks-backend}, {@code cks-frontend} by default; their slugs must differ), and for the
 *       home owner's repositories whose name is already its slug (only {@code [a-z0-9]}, so nothing
 *       was dropped) unless that slug belongs to a listed repository. Every other repository gets
 *       a 6-hex-digit hash of {@code owner/name} appended: {@code alice/api} → {@code pr-api-1a2b3c-7},
 *       {@code fullstack-pw/web-app} → {@code pr-webapp-<hash>-7}. A short form has no inner hyphen
 *       and a hashed one does, so the two kinds never meet; two hashed forms meet only if 24 bits of
 *       SHA-256 collide;</li>
 *   <li>the cluster name is at most {@value #MAX_CLUSTER_NAME} characters: longer repository
 *       names are cut and get the hash too. The bound is below DNS-1123's 63 because Cluster API
 *       derives machine and node names from it ({@code <cluster>-control-plane-<5 chars>}),
 *       and those must still be valid host names.</li>
 * </ul>
 */
public record ClusterNaming(String domain, String homeOwner, Set<String> shortNameRepositories) {

    public static final String DEFAULT_DOMAIN = "ephemeral.fullstack.pw";
    public static final String DEFAULT_HOME_OWNER = "fullstack-pw";
    /** The seed's application repositories, whose clusters the seed's tooling named {@code pr-<slug>-<pr>}. */
    public static final Set<String> DEFAULT_SHORT_NAME_REPOSITORIES = Set.of("demo-apps", "cks-backend", "cks-frontend");
    public static final int MAX_CLUSTER_NAME = 40;
    private static final int HASH_LENGTH = 6;

    public ClusterNaming {
        Dns1123.requireSubdomain("dns domain", domain);
        if (homeOwner != null && homeOwner.isBlank()) {
            homeOwner = null;
        }
        shortNameRepositories = normalised(shortNameRepositories);
    }

    /** Home owner's repositories with short names: the seed's defaults. */
    public ClusterNaming(String domain, String homeOwner) {
        this(domain, homeOwner, DEFAULT_SHORT_NAME_REPOSITORIES);
    }

    public static ClusterNaming defaults() {
        return new ClusterNaming(DEFAULT_DOMAIN, DEFAULT_HOME_OWNER);
    }

    /** Whether {@code name} is what this naming derives for the PR: anything else is a forged or mistaken event. */
    public boolean isNameOf(ClusterName name, PullRequestRef pr) {
        return clusterName(pr).equals(name);
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
        String lower = repository.name().toLowerCase(Locale.ROOT);
        String slug = slug(lower);
        boolean home = homeOwner != null && homeOwner.equalsIgnoreCase(repository.owner());
        if (home && !slug.isEmpty() && slug.length() <= budget && mayUseShortForm(lower, slug)) {
            return slug;
        }
        String hash = shortHash(repository.canonical());
        int room = budget - HASH_LENGTH - 1;
        String kept = slug.substring(0, Math.min(slug.length(), room));
        return kept.isEmpty() ? hash : kept + "-" + hash;
    }

    private boolean mayUseShortForm(String lowerName, String slug) {
        if (shortNameRepositories.contains(lowerName)) {
            return true;
        }
        boolean nothingDropped = slug.equals(lowerName);
        return nothingDropped && shortNameRepositories.stream().map(ClusterNaming::slug).noneMatch(slug::equals);
    }

    private static String slug(String lowerName) {
        return lowerName.replaceAll("[^a-z0-9]", "");
    }

    private static Set<String> normalised(Set<String> repositories) {
        Set<String> names = new TreeSet<>();
        Map<String, String> bySlug = new HashMap<>();
        for (String name : repositories == null ? Set.<String>of() : repositories) {
            if (name == null || name.isBlank()) {
                continue;
            }
            String lower = name.trim().toLowerCase(Locale.ROOT);
            new RepositoryRef("owner", lower); // validates the name as GitHub would
            String slug = slug(lower);
            if (slug.isEmpty()) {
                throw new InvalidInputException("short-name repositories", InvalidInputException.quote(name)
                        + " has no letter or digit to name a cluster by");
            }
            String other = bySlug.putIfAbsent(slug, lower);
            if (other != null && !other.equals(lower)) {
                throw new InvalidInputException("short-name repositories", InvalidInputException.quote(other) + " and "
                        + InvalidInputException.quote(lower) + " would both be named " + slug);
            }
            names.add(lower);
        }
        return Set.copyOf(names);
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
