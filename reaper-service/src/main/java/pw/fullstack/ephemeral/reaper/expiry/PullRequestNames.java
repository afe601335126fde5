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
 * The pull request a short cluster name stands for, for allocations the seed's shell tooling wrote
 * ({@code pr-cksbackend-42}), which carry nothing else. Only the short form can be read back (the
 * hashed form cannot), and a candidate counts only if {@link ClusterNaming} derives exactly this
 * name from it, so the answer is what every other service would check the event against.
 */
public final class PullRequestNames {

    private static final Pattern SHORT_FORM = Pattern.compile("pr-([a-z0-9]+)-([1-9][0-9]{0,7})");

    private PullRequestNames() {
    }

    public static Optional<PullRequestRef> fromClusterName(String name, ClusterNaming naming) {
        Matcher matcher = SHORT_FORM.matcher(name == null ? "" : name);
        if (!matcher.matches() || naming.homeOwner() == null) {
            return Optional.empty();
        }
        String slug = matcher.group(1);
        int number = Integer.parseInt(matcher.group(2));
        Set<String> candidates = new LinkedHashSet<>();
        naming.shortNameRepositories().stream()
                .filter(repository -> repository.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "").equals(slug))
                .forEach(candidates::add);
        candidates.add(slug);
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
