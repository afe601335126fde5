package pw.fullstack.ephemeral.deploy.rendering;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization with {@code kubectl kustomize} (kubectl's built-in kustomize 5.x) into the objects it
 * would apply. A machine without kubectl fails the check with the way to fix it, never skips it.
 */
public final class Kustomizations {

    private static final YAMLMapper YAML = new YAMLMapper();

    private Kustomizations() {
    }

    /** The deploy module's directory (tests run with it as working directory; the reactor root works too). */
    public static Path deployDirectory() {
        Path here = Path.of("").toAbsolutePath();
        if (Files.isDirectory(here.resolve("base")) && Files.isRegularFile(here.resolve("pom.xml"))) {
            return here;
        }
        return here.resolve("deploy");
    }

    /** The project's root directory (where the services' modules are). */
    public static Path projectRoot() {
        return deployDirectory().getParent();
    }

    public static List<ObjectNode> render(Path kustomization) {
        Process process;
        try {
            process = new ProcessBuilder("kubectl", "kustomize", kustomization.toString()).redirectErrorStream(false).start();
        } catch (IOException e) {
            throw new IllegalStateException("kubectl is needed to render " + kustomization + " (kubectl kustomize, kustomize"
                    + " 5.x built in; Debian's kubernetes-client is too old): install kubectl >= 1.27 and put it on PATH", e);
        }
        try {
            byte[] out = process.getInputStream().readAllBytes();
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + kustomization + " failed: " + err);
            }
            List<ObjectNode> objects = new ArrayList<>();
            for (JsonNode node : YAML.readValues(YAML.createParser(out), JsonNode.class).readAll()) {
                if (node instanceof ObjectNode object) {
                    objects.add(object);
                }
            }
            return objects;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static List<ObjectNode> ofKind(List<ObjectNode> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }
}
