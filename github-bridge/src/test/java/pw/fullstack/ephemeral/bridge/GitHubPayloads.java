package pw.fullstack.ephemeral.bridge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * GitHub's documented example payloads (vendored from octokit/webhooks, see
 * {@code src/test/resources/github/webhooks/SOURCE.md}), parsed so a test can set the fields its
 * story needs (repository, number, times) and keep everything else as GitHub sends it.
 */
public final class GitHubPayloads {

    public static final ObjectMapper JSON = new ObjectMapper();

    private GitHubPayloads() {
    }

    /** e.g. {@code pullRequest("opened")}: {@code pull_request.opened.payload.json}. */
    public static ObjectNode pullRequest(String action) {
        return load("pull_request." + action + ".payload.json");
    }

    public static ObjectNode repositoryDispatch() {
        return load("repository_dispatch.payload.json");
    }

    public static ObjectNode ping() {
        return load("ping.payload.json");
    }

    /** The example PR moved to {@code repository} (owner/name) and numbered {@code number}, head and base alike. */
    public static ObjectNode pullRequest(String action, String repository, int number) {
        ObjectNode payload = pullRequest(action);
        payload.put("number", number);
        ObjectNode pr = (ObjectNode) payload.get("pull_request");
        pr.put("number", number);
        ((ObjectNode) payload.get("repository")).put("full_name", repository);
        ((ObjectNode) pr.get("base").get("repo")).put("full_name", repository);
        ((ObjectNode) pr.get("head").get("repo")).put("full_name", repository);
        return payload;
    }

    public static ObjectNode pr(ObjectNode payload) {
        return (ObjectNode) payload.get("pull_request");
    }

    public static ObjectNode head(ObjectNode payload) {
        return (ObjectNode) pr(payload).get("head");
    }

    public static byte[] bytes(ObjectNode payload) {
        try {
            return JSON.writeValueAsBytes(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] raw(String file) {
        try (InputStream in = GitHubPayloads.class.getResourceAsStream("/github/webhooks/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no example payload " + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode load(String file) {
        try {
            return (ObjectNode) JSON.readTree(raw(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
