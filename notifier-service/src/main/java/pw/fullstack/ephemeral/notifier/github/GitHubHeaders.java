package pw.fullstack.ephemeral.notifier.github;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;

/** The headers GitHub asks every client to send: media type, API version, a user agent. */
final class GitHubHeaders implements ClientRequestFilter {

    private final String apiVersion;

    GitHubHeaders(String apiVersion) {
        this.apiVersion = apiVersion;
    }

    @Override
    public void filter(ClientRequestContext request) {
        request.getHeaders().putSingle("Accept", "application/vnd.github+json");
        request.getHeaders().putSingle("X-GitHub-Api-Version", apiVersion);
        request.getHeaders().putSingle("User-Agent", "ephemeral-clusters-notifier");
    }
}
