package pw.fullstack.ephemeral.testkit.github;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An error answer in GitHub's shape: {@code {"message", "documentation_url", "status"}} and, for
 * validation failures, {@code errors}. {@code status} is a string, as GitHub sends it.
 */
final class GitHubRequestRejected extends RuntimeException {

    static final String DOCS = "https://docs.github.com/rest";

    private final int status;
    private final Map<String, Object> body;
    private final Map<String, String> headers;

    GitHubRequestRejected(int status, String message, String documentationUrl, List<Map<String, Object>> errors,
                          Map<String, String> headers) {
        super(status + " " + message, null, false, false);
        this.status = status;
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("message", message);
        if (errors != null) {
            b.put("errors", errors);
        }
        b.put("documentation_url", documentationUrl);
        b.put("status", Integer.toString(status));
        this.body = b;
        this.headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    GitHubRequestRejected(int status, String message) {
        this(status, message, DOCS, null, null);
    }

    static GitHubRequestRejected notFound() {
        return new GitHubRequestRejected(404, "Not Found");
    }

    static GitHubRequestRejected badCredentials() {
        return new GitHubRequestRejected(401, "Bad credentials");
    }

    static GitHubRequestRejected requiresAuthentication() {
        return new GitHubRequestRejected(401, "Requires authentication");
    }

    /** A field failed validation: GitHub's "Validation Failed" with one error object. */
    static GitHubRequestRejected validationFailed(String resource, String field, String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("resource", resource);
        error.put("field", field);
        error.put("code", code);
        if (message != null) {
            error.put("message", message);
        }
        return new GitHubRequestRejected(422, "Validation Failed", DOCS, List.of(error), null);
    }

    /** The body does not match the operation's schema: GitHub's "Invalid request." message. */
    static GitHubRequestRejected invalidRequest(String detail, String documentationUrl) {
        return new GitHubRequestRejected(422, "Invalid request.\n\n" + detail, documentationUrl, null, null);
    }

    int status() {
        return status;
    }

    Map<String, Object> body() {
        return body;
    }

    Map<String, String> headers() {
        return headers;
    }
}
