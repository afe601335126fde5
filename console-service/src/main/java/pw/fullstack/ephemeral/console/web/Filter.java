package pw.fullstack.ephemeral.console.web;

import io.quarkus.qute.TemplateData;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import pw.fullstack.ephemeral.console.readmodel.Environment;
import pw.fullstack.ephemeral.console.readmodel.State;

/** The page's filters: a repository ({@code owner/name}) and a state; empty is any. Unknown values match nothing. */
@TemplateData
public record Filter(String repository, String state) {

    public Filter {
        repository = repository == null ? "" : repository.trim();
        state = state == null ? "" : state.trim();
    }

    public boolean matches(Environment environment) {
        return (repository.isEmpty() || environment.repository().equals(repository))
                && (state.isEmpty() || environment.state().name().equals(state));
    }

    /** The query string that gives this filter, {@code ?repository=...&state=...}, or empty. */
    public String query() {
        StringBuilder query = new StringBuilder();
        if (!repository.isEmpty()) {
            query.append("repository=").append(URLEncoder.encode(repository, StandardCharsets.UTF_8));
        }
        if (!state.isEmpty()) {
            query.append(query.length() == 0 ? "" : "&").append("state=").append(URLEncoder.encode(state, StandardCharsets.UTF_8));
        }
        return query.length() == 0 ? "" : "?" + query;
    }

    public static java.util.List<String> states() {
        return Arrays.stream(State.values()).map(State::name).toList();
    }
}
