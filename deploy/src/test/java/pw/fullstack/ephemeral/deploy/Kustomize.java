package pw.fullstack.ephemeral.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code kubectl kustomize <dir>}: the objects a site's {@code kubectl apply -k} would send, each rendered once per
 * test JVM (a render costs about a second). kubectl is required: without it, or with a kustomize older than v5,
 * the checks fail with what to install — they never skip, or a broken overlay would pass unseen.
 */
final class Kustomize {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Map<Path, List<ObjectNode>> RENDERED = new ConcurrentHashMap<>();
    private static volatile String checkedVersion;

    private Kustomize() {
    }

    static List<ObjectNode> render(Path directory) {
        return RENDERED.computeIfAbsent(directory.toAbsolutePath().normalize(), Kustomize::run);
    }

    /** The kustomize version kubectl embeds, e.g. {@code v5.5.0}; fails when kubectl is missing or too old. */
    static String version() {
        if (checkedVersion == null) {
            String output = exec(List.of("kubectl", "version", "--client"));
            String version = output.lines().filter(l -> l.startsWith("Kustomize Version:"))
                    .map(l -> l.substring("Kustomize Version:".length()).trim()).findFirst()
                    .orElseThrow(() -> new AssertionError("`kubectl version --client` names no kustomize version:\n" + output));
            if (!version.startsWith("v5.")) {
                throw new AssertionError("kubectl embeds kustomize " + version + "; the manifests need kustomize v5 (kubectl 1.27 or "
                        + "newer: https://kubernetes.io/docs/tasks/tools/). Debian's kubernetes-client package is far too old.");
            }
            checkedVersion = version;
        }
        return checkedVersion;
    }

    private static List<ObjectNode> run(Path directory) {
        version();
        String yaml = exec(List.of("kubectl", "kustomize", directory.toString()));
        List<ObjectNode> objects = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(yaml)) {
            for (JsonNode node : YAML.readValues(parser, JsonNode.class).readAll()) {
                if (node instanceof ObjectNode object) {
                    objects.add(object);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("kubectl kustomize " + directory + " printed no YAML", e);
        }
        return List.copyOf(objects);
    }

    private static String exec(List<String> command) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(false).start();
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command) + " (" + e.getMessage() + "): the deploy checks "
                    + "render the manifests with kubectl's built-in kustomize. Install kubectl 1.27 or newer "
                    + "(https://kubernetes.io/docs/tasks/tools/) and put it on the PATH.", e);
        }
        try {
            byte[] out = process.getInputStream().readAllBytes();
            byte[] err = process.getErrorStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed:\n" + new String(err, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
