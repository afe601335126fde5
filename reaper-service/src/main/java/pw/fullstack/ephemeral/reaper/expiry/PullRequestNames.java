package pw.fullstack.ephemeral.reaper.expiry;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import pw.fullstack.ephemeral.contracts.InvalidInputException;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;
import pw.fullstack.ephemeral.contracts.pr.RepositoryRef;

/**
 * The pull request a cluster name stands for, for allocations the seed's tooling wrote, which carry
 * nothing else: {@code pr-cksbackend-42} (its README's form) or {@code pr-cks-backend-42} (its
 * workflows' form), whichever form the services use. Only names without a hash can be read back,
 * and a candidate counts only if {@link ClusterNaming} derives exactly this name from it, so the
 * answer is what every other service would check the event against.
 */
public final class PullRequestNames {

    /** The number is the last word; the repository part may hold hyphens (the as-given form). */
    private static final Pattern UNHASHED_FORM = Pattern.compile("pr-([a-z0-9]+(?:-[a-z0-9]+)*)-([1-9][0-9]{0,7})");

    private PullRequestNames() {
    }

    public static Optional<PullRequestRef> fromClusterName(String name, ClusterNaming naming) {
        Matcher matcher = UNHASHED_FORM.matcher(name == null ? "" : name);
        if (!matcher.matches() || naming.homeOwner() == null) {
            return Optional.empty();
        }
        String part = matcher.group(1);
        int number = Integer.parseInt(matcher.group(2));
        Set<String> candidates = new LinkedHashSet<>();
        naming.shortNameRepositories().stream()
                .filter(repository -> repository.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "").equals(part))
                .forEach(candidates::add);
        candidates.add(part);
        for (String repository : candidates) {
            try {
                PullRequestRef pr = new PullRequestRef(new RepositoryRef(naming.homeOwner(), repository), number);
                if (naming.clusterName(pr).value().equals(name)) {
                    return Optional.of(pr);
                }
            } catch (InvalidInputException e) {
                // not a repository GitHub would allow: not a candidate
            }
        }
        return Optional.empty();
    }
}
