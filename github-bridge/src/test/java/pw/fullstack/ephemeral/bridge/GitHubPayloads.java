package pw.fullstack.ephemeral.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import pw.fullstack.ephemeral.testkit.upstream.UpstreamFiles;

/**
 * GitHub's documented example payloads (octokit/webhooks, read from the upstream directory and pinned
 * in {@code upstream.lock}), parsed so a test can set the fields its story needs (repository, number,
 * times) and keep everything else as GitHub sends it.
 */
public final class GitHubPayloads {

    public static final ObjectMapper JSON = new ObjectMapper();
    public static final String WEBHOOKS = "github/webhooks/";
    /** Every example of {@code @octokit/webhooks-examples} for {@code pull_request}, {@code repository_dispatch} and {@code ping}. */
    public static final String EXAMPLES = WEBHOOKS + "octokit/examples.pull_request-repository_dispatch-ping.json";
    /** The JSON Schema of every webhook payload ({@code @octokit/webhooks-schemas}). */
    public static final String SCHEMA = WEBHOOKS + "octokit/schema.json";

    private GitHubPayloads() {
    }

    /** One documented example of an event, e.g. {@code ("pull_request", 3)}, and its place among them. */
    public record Example(String event, int index, ObjectNode payload) {

        public String action() {
            return payload.path("action").asText("");
        }

        @Override
        public String toString() {
            return event + (action().isEmpty() ? "" : "." + action()) + " #" + index;
        }
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

    /** Every documented example of {@code event} ({@code pull_request}: 29, one per action and variant). */
    public static List<Example> examples(String event) {
        JsonNode all = tree(UpstreamFiles.configured().bytes(EXAMPLES));
        List<Example> examples = new ArrayList<>();
        for (JsonNode entry : all) {
            if (entry.path("name").asText().equals(event)) {
                JsonNode payloads = entry.path("examples");
                for (int i = 0; i < payloads.size(); i++) {
                    examples.add(new Example(event, i, (ObjectNode) payloads.get(i).deepCopy()));
                }
            }
        }
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no example of " + event + " in " + EXAMPLES);
        }
        return examples;
    }

    /** GitHub's webhook payload schema (draft-07, every event's actions under {@code definitions}). */
    public static JsonNode schema() {
        return tree(UpstreamFiles.configured().bytes(SCHEMA));
    }

    /** The example PR moved to {@code repository} (owner/name) and numbered {@code number}, head and base alike. */
    public static ObjectNode pullRequest(String action, String repository, int number) {
        return moved(pullRequest(action), repository, number);
    }

    /** A {@code pull_request} payload moved to {@code repository} (owner/name) and numbered {@code number}, head and base alike. */
    public static ObjectNode moved(ObjectNode payload, String repository, int number) {
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

    /** The example file's bytes as published, e.g. {@code raw("ping.payload.json")}. */
    public static byte[] raw(String file) {
        return UpstreamFiles.configured().bytes(WEBHOOKS + file);
    }

    private static ObjectNode load(String file) {
        return (ObjectNode) tree(raw(file));
    }

    private static JsonNode tree(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
