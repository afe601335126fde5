package pw.fullstack.ephemeral.bridge.options;

import java.util.List;
import java.util.Optional;
import pw.fullstack.ephemeral.bridge.filter.RepositoryPattern;
import pw.fullstack.ephemeral.contracts.events.EnvironmentOptions;
import pw.fullstack.ephemeral.contracts.pr.RepositoryRef;

/**
 * What a PR's environment gets beyond the default. The seed's dispatch says it in its payload
 * ({@code install_postgres}); a {@code pull_request} webhook cannot, so Postgres comes from the
 * repository (listed in {@code bridge.install-postgres.repositories}) or from a label on the PR
 * ({@code bridge.install-postgres.label}). A dispatch that says {@code install_postgres} either way is
 * followed; one that does not gets its repository's default.
 *
 * @param postgresRepositories repositories whose PRs get Postgres by default
 * @param postgresLabel        the label that asks for Postgres, if any
 */
public record EnvironmentOptionRules(List<RepositoryPattern> postgresRepositories, Optional<String> postgresLabel) {

    public static final String REPOSITORIES_SETTING = "bridge.install-postgres.repositories";

    public EnvironmentOptionRules {
        postgresRepositories = List.copyOf(postgresRepositories);
        postgresLabel = postgresLabel.map(String::trim).filter(label -> !label.isEmpty());
    }

    /** Invalid patterns stop start-up with a message naming {@value #REPOSITORIES_SETTING}. */
    public static EnvironmentOptionRules of(List<String> postgresRepositories, Optional<String> postgresLabel) {
        return new EnvironmentOptionRules(postgresRepositories.stream()
                .map(text -> RepositoryPattern.parse(text, REPOSITORIES_SETTING)).toList(), postgresLabel);
    }

    /** Nothing beyond the default environment, whatever the PR. */
    public static EnvironmentOptionRules none() {
        return new EnvironmentOptionRules(List.of(), Optional.empty());
    }

    public boolean postgresByDefault(RepositoryRef repository) {
        return postgresRepositories.stream().anyMatch(pattern -> pattern.matches(repository));
    }

    /** GitHub label names are unique per repository regardless of case. */
    public boolean isPostgresLabel(String label) {
        return postgresLabel.isPresent() && label != null && postgresLabel.get().equalsIgnoreCase(label.trim());
    }

    /** A webhook-driven PR: its repository's default, or the label. */
    public EnvironmentOptions forPullRequest(RepositoryRef repository, List<String> labels) {
        return new EnvironmentOptions(postgresByDefault(repository) || labels.stream().anyMatch(this::isPostgresLabel));
    }

    /** A dispatch: what it asked for, else its repository's default. */
    public EnvironmentOptions forDispatch(RepositoryRef repository, Optional<Boolean> installPostgres) {
        return new EnvironmentOptions(installPostgres.orElseGet(() -> postgresByDefault(repository)));
    }

    @Override
    public String toString() {
        return "Postgres for " + (postgresRepositories.isEmpty() ? "no repository" : postgresRepositories.toString())
                + postgresLabel.map(label -> " and PRs labelled " + label).orElse("");
    }
}
