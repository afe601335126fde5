package pw.fullstack.ephemeral.bridge.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Requests to GitHub's REST API (version 2022-11-28) at the configured address: GitHub's headers, the
 * {@code Authorization} given, each request bounded by the timeout. Paths only are given, so credentials
 * never go anywhere else (links in GitHub's answers contribute a cursor or a page number at most).
 */
public final class GitHubRest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI api;
    private final HttpClient http;
    private final Duration timeout;

    public GitHubRest(URI api, HttpClient http, Duration timeout) {
        String base = api.toString();
        this.api = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.http = http;
        this.timeout = timeout;
    }

    public URI api() {
        return api;
    }

    public HttpResponse<byte[]> get(String pathAndQuery, String authorization) throws GitHubApiException {
        return send(pathAndQuery, authorization, HttpRequest.newBuilder().GET());
    }

    public HttpResponse<byte[]> post(String path, String authorization, byte[] json) throws GitHubApiException {
        return send(path, authorization, HttpRequest.newBuilder()
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(json))
                .header("Content-Type", "application/json"));
    }

    /** GitHub's answer read into {@code type}; one that cannot be is not an answer ({@code what}: "GitHub's listing of ..."). */
    public static <T> T read(HttpResponse<byte[]> response, Class<T> type, String what) throws GitHubApiException {
        try {
            return GitHubJson.read(response.body(), type);
        } catch (pw.fullstack.ephemeral.contracts.InvalidInputException e) {
            throw new GitHubApiException(response.statusCode(), what + " is not readable: " + e.getMessage());
        }
    }

    /** A failure naming what was asked and GitHub's status and message. */
    public static GitHubApiException refused(String what, HttpResponse<byte[]> response) {
        String message = message(response.body());
        return new GitHubApiException(response.statusCode(), what + ": GitHub answered " + response.statusCode()
                + (message.isEmpty() ? "" : " (" + message + ")"));
    }

    /** GitHub's error message, for logs and replies: its own words, on one line, short. */
    public static String message(byte[] body) {
        try {
            JsonNode json = JSON.readTree(body);
            String line = (json == null ? "" : json.path("message").asText("")).replaceAll("\\s+", " ").strip();
            return line.length() > 200 ? line.substring(0, 200) : line;
        } catch (IOException e) {
            return "";
        }
    }

    private HttpResponse<byte[]> send(String pathAndQuery, String authorization, HttpRequest.Builder request)
            throws GitHubApiException {
        request.uri(URI.create(api + pathAndQuery))
                .timeout(timeout)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .header("User-Agent", "ephemeral-clusters-github-bridge")
                .header("Authorization", authorization);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new GitHubApiException(0, "GitHub's API at " + api + " did not answer: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitHubApiException(0, "interrupted");
        }
    }
}
