package pw.fullstack.ephemeral.bridge.filter;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import pw.fullstack.ephemeral.contracts.pr.RepositoryRef;

/**
 * Which pull requests get an environment: repositories on the allow-list; then, for opening, not a
 * draft (unless drafts are included), carrying the opt-in label (when one is configured), and not
 * from a fork (unless forks are included). Closing is filtered by repository only, so a PR that got
 * an environment before a filter changed still gives it back.
 *
 * @param repositories  the allow-list; empty allows nothing
 * @param optInLabel    the label a PR must carry, if any
 * @param includeDrafts whether draft PRs get an environment
 * @param includeForks  whether PRs whose head is in another repository get one
 */
public record DeliveryFilters(List<RepositoryPattern> repositories, Optional<String> optInLabel, boolean includeDrafts,
                              boolean includeForks) {

    public DeliveryFilters {
        repositories = List.copyOf(repositories);
        optInLabel = optInLabel.map(String::trim).filter(label -> !label.isEmpty());
    }

    public static DeliveryFilters of(List<String> repositories, Optional<String> optInLabel, boolean includeDrafts,
                                     boolean includeForks) {
        return new DeliveryFilters(repositories.stream().map(RepositoryPattern::parse).toList(), optInLabel,
                includeDrafts, includeForks);
    }

    public boolean allows(RepositoryRef repository) {
        return repositories.stream().anyMatch(pattern -> pattern.matches(repository));
    }

    /** GitHub label names are unique per repository regardless of case. */
    public boolean isOptInLabel(String label) {
        return optInLabel.isPresent() && label != null && optInLabel.get().equalsIgnoreCase(label.trim());
    }

    public boolean hasOptInLabel(List<String> labels) {
        return optInLabel.isEmpty() || labels.stream().anyMatch(this::isOptInLabel);
    }

    /** Why a PR that asks to be opened does not get an environment; empty when it does. */
    public Optional<String> whyNotOpen(boolean draft, boolean fromFork, List<String> labels) {
        if (draft && !includeDrafts) {
            return Optional.of("draft pull request (bridge.filters.include-drafts=false)");
        }
        if (fromFork && !includeForks) {
            return Optional.of("pull request from a fork (bridge.filters.include-forks=false)");
        }
        if (!hasOptInLabel(labels)) {
            return Optional.of("pull request without the opt-in label (bridge.filters.label)");
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "repositories " + repositories + optInLabel.map(l -> ", label " + l.toLowerCase(Locale.ROOT)).orElse("")
                + ", drafts " + (includeDrafts ? "included" : "skipped") + ", forks " + (includeForks ? "included" : "skipped");
    }
}
