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
import java.util.regex.Pattern;
import java.util.Optional;
import pw.fullstack.ephemeral.contracts.InvalidInputException;
import pw.fullstack.ephemeral.contracts.events.ClusterReady;
import pw.fullstack.ephemeral.contracts.events.DnsReleased;
import pw.fullstack.ephemeral.contracts.events.IpAllocated;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.contracts.events.PhasesInstalled;
import pw.fullstack.ephemeral.contracts.network.Dns1123;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;
import pw.fullstack.ephemeral.contracts.pr.RepositoryRef;

/**
 * How a pull request becomes a cluster name and a DNS name. Deterministic: every service, the
 * GitHub bridge and the old shell tooling derive the same names from the same PR, so every service
 * must be configured alike (domain, home owner, short-name repositories, form).
 *
 * <ul>
 *   <li>cluster name {@code pr-<repo>-<pr>}, DNS name {@code pr-<pr>-<repo>.<domain>}; {@code <repo>}
 *       is written in one of two {@link NameForm}s, as the seed wrote it in two places;</li>
 *   <li>{@link NameForm#COMPACT} (the default, the seed's README and IP pool tooling): the repository
 *       name lower-cased with everything but {@code [a-z0-9]} dropped: {@code fullstack-pw/cks-backend}
 *       #42 → {@code pr-cksbackend-42}, {@code pr-42-cksbackend.ephemeral.fullstack.pw}. Dropping
 *       characters is not one-to-one ({@code web-app} and {@code webapp} both give {@code webapp}),
 *       so the short form {@code pr-<slug>-<pr>} is kept only where it cannot collide: for the home
 *       owner's repositories listed in {@code shortNameRepositories} (the seed's {@code demo-apps},
 *       {@code cks-backend}, {@code cks-frontend} by default; their slugs must differ), and for the
 *       home owner's repositories whose name is already its slug (only {@code [a-z0-9]}, so nothing
 *       was dropped) unless that slug belongs to a listed repository. A short form has no inner
 *       hyphen and a hashed one (below) does, so the two kinds never meet;</li>
 *   <li>{@link NameForm#AS_GIVEN} (the seed's workflows and application guide): the repository name
 *       lower-cased and otherwise kept: {@code fullstack-pw/cks-backend} #42 → {@code pr-cks-backend-42},
 *       {@code pr-42-cks-backend.ephemeral.fullstack.pw}. Kept as it is only for the home owner's
 *       repositories whose lower-cased name is already a clean label ({@code [a-z0-9]} words joined by
 *       single hyphens) and does not end in what could be read as a hash (a last word of exactly
 *       {@value #HASH_LENGTH} hex digits, e.g. {@code api-1a2b3c4d5e6f7a8b}, or the whole name being one). Any
 *       other repository is hashed, its name with each run of other characters ({@code .}, {@code _},
 *       repeated or outer hyphens) turned into one inner hyphen: {@code fullstack-pw/web.app} →
 *       {@code pr-web-app-<hash>-7} beside {@code fullstack-pw/web-app} → {@code pr-web-app-7}. A name
 *       kept as it is never ends in a hash-like word and a hashed one always does, so the two kinds
 *       never meet ({@code fullstack-pw/api-1a2b3c4d5e6f7a8b} is hashed, so it cannot become
 *       {@code alice/api}'s {@code pr-api-1a2b3c4d5e6f7a8b-7}); {@code shortNameRepositories} plays no part;</li>
 *   <li>hashed form, both forms: the (cleaned) name, cut to fit, then a hyphen and the first
 *       {@value #HASH_LENGTH} hex digits of SHA-256({@code owner/name}, lower-cased):
 *       {@code alice/api} → {@code pr-api-1a2b3c4d5e6f7a8b-7}; only the hash when nothing of the name is left.
 *       Other owners' repositories are always hashed, so {@code alice/api} and {@code bob/api} never
 *       share a name; two hashed forms meet only if their hashes collide (64 bits of SHA-256), and the
 *       allocator refuses a name held by another repository;</li>
 *   <li>the number is the last word of a cluster name and the first of a DNS label, so a name never
 *       stands for two different PR numbers;</li>
 *   <li>the cluster name is at most {@value #MAX_CLUSTER_NAME} characters: longer repository
 *       names are cut and get the hash too. The bound is below DNS-1123's 63 because Cluster API
 *       derives machine and node names from it ({@code <cluster>-control-plane-<5 chars>}),
 *       and those must still be valid host names.</li>
 * </ul>
 *
 * <p>Changing the form renames every PR's cluster: change it only while no environment exists.
 */
public record ClusterNaming(String domain, String homeOwner, Set<String> shortNameRepositories, NameForm form) {

    public static final String DEFAULT_DOMAIN = "ephemeral.fullstack.pw";
    public static final String DEFAULT_HOME_OWNER = "fullstack-pw";
    /** The seed's application repositories, whose clusters the seed's tooling named {@code pr-<slug>-<pr>}. */
    public static final Set<String> DEFAULT_SHORT_NAME_REPOSITORIES = Set.of("demo-apps", "cks-backend", "cks-frontend");
    /** As the configuration spells the default form. */
    public static final String DEFAULT_FORM = "compact";
    public static final int MAX_CLUSTER_NAME = 40;
    /**
     * 64 bits: finding another repository name whose hash equals a given one takes about 2^64
     * SHA-256 evaluations (years of GPU time), not the afternoon 24 bits took; a collision that happens
     * anyway is refused where names are handed out (the allocator never gives a name held by another
     * repository).
     */
    private static final int HASH_LENGTH = 16;
    private static final Pattern HASH_LIKE_END = Pattern.compile("(?:.*-)?[0-9a-f]{" + HASH_LENGTH + "}");

    public ClusterNaming {
        Dns1123.requireSubdomain("dns domain", domain);
        if (homeOwner != null && homeOwner.isBlank()) {
            homeOwner = null;
        }
        shortNameRepositories = normalised(shortNameRepositories);
        form = form == null ? NameForm.COMPACT : form;
    }

    /** The compact form. */
    public ClusterNaming(String domain, String homeOwner, Set<String> shortNameRepositories) {
        this(domain, homeOwner, shortNameRepositories, NameForm.COMPACT);
    }

    /** Home owner's repositories with short names: the seed's defaults; the compact form. */
    public ClusterNaming(String domain, String homeOwner) {
        this(domain, homeOwner, DEFAULT_SHORT_NAME_REPOSITORIES);
    }

    public static ClusterNaming defaults() {
        return new ClusterNaming(DEFAULT_DOMAIN, DEFAULT_HOME_OWNER);
    }

    /** The defaults in the given form. */
    public static ClusterNaming defaults(NameForm form) {
        return new ClusterNaming(DEFAULT_DOMAIN, DEFAULT_HOME_OWNER, DEFAULT_SHORT_NAME_REPOSITORIES, form);
    }

    /**
     * Why an event's names are not what this naming derives for its PR — its cluster name, and the
     * host it carries (IpAllocated, ClusterReady, DnsReleased: {@code dnsName}; PhasesInstalled: its
     * URL's host); empty when they agree. Names are derived, never taken from an event: a forged or
     * mistaken event must not make a service publish, link or delete any other host.
     */
    public Optional<String> disagreement(LifecycleEvent event) {
        PullRequestRef pr = event.pullRequest();
        if (!isNameOf(event.clusterName(), pr)) {
            return Optional.of("cluster name " + event.clusterName() + " is not the name of " + pr + " (" + clusterName(pr) + ")");
        }
        String host = hostOf(event);
        if (host != null && !host.equalsIgnoreCase(dnsName(pr))) {
            return Optional.of("host " + host + " is not the host of " + pr + " (" + dnsName(pr) + ")");
        }
        return Optional.empty();
    }

    public boolean agreesWith(LifecycleEvent event) {
        return disagreement(event).isEmpty();
    }

    private static String hostOf(LifecycleEvent event) {
        if (event instanceof IpAllocated allocated) {
            return allocated.dnsName();
        }
        if (event instanceof ClusterReady ready) {
            return ready.dnsName();
        }
        if (event instanceof DnsReleased released) {
            return released.dnsName();
        }
        if (event instanceof PhasesInstalled installed && installed.environmentUrl() != null) {
            return installed.environmentUrl().getHost();
        }
        return null;
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
        boolean home = homeOwner != null && homeOwner.equalsIgnoreCase(repository.owner());
        String kept = form == NameForm.COMPACT ? slug(lower) : hyphenated(lower);
        if (home && !kept.isEmpty() && kept.length() <= budget && needsNoHash(lower, kept)) {
            return kept;
        }
        String hash = shortHash(repository.canonical());
        int room = budget - HASH_LENGTH - 1;
        String cut = kept.substring(0, Math.min(kept.length(), room)).replaceAll("-+$", "");
        return cut.isEmpty() ? hash : cut + "-" + hash;
    }

    private boolean needsNoHash(String lowerName, String kept) {
        return switch (form) {
            case COMPACT -> mayUseShortForm(lowerName, kept);
            case AS_GIVEN -> kept.equals(lowerName) && !HASH_LIKE_END.matcher(kept).matches();
        };
    }

    private boolean mayUseShortForm(String lowerName, String slug) {
        if (shortNameRepositories.contains(lowerName)) {
            return true;
        }
        boolean nothingDropped = slug.equals(lowerName);
        return nothingDropped && shortNameRepositories.stream().map(ClusterNaming::slug).noneMatch(slug::equals);
    }

    /** Each run of characters a label cannot hold (or of hyphens) as one hyphen, none at the ends. */
    private static String hyphenated(String lowerName) {
        return lowerName.replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
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
