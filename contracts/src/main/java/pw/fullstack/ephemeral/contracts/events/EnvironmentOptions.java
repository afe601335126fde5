package pw.fullstack.ephemeral.contracts.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the PR asked for beyond the default environment, from the dispatch payload.
 *
 * @param installPostgres the seed's {@code install_postgres}: also install a PostgreSQL instance
 */
public record EnvironmentOptions(@JsonProperty("install_postgres") boolean installPostgres) {

    public static EnvironmentOptions defaults() {
        return new EnvironmentOptions(false);
    }
}
